namespace Workbench.Harness.Cli;

/// <summary>One `workbench VERB` command.</summary>
internal interface IVerb
{
    string Name { get; }

    /// <summary>One line for `workbench --help`.</summary>
    string Summary { get; }

    /// <summary>The full text of `workbench VERB --help`.</summary>
    string Help { get; }

    /// <summary>Runs the verb; returns the process exit code. Throws <see cref="UsageException"/> for a bad command line.</summary>
    int Run(IReadOnlyList<string> args);
}

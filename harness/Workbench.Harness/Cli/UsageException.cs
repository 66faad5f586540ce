namespace Workbench.Harness.Cli;

/// <summary>The command line is wrong (unknown flag, missing value, bad number); the message says what and the command exits 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException() { }
    public UsageException(string message) : base(message) { }
    public UsageException(string message, Exception inner) : base(message, inner) { }
}

using System.Runtime.CompilerServices;
using System.Text;

namespace Workbench.Testing.Golden;

/// <summary>
/// Data-driven golden tests (Pebble's datadriven): a <c>testdata/*.txt</c> file holds cases, each a
/// command line (<c>name key=value…</c>), input lines, a <c>----</c> line and the expected output;
/// cases are separated by blank lines, <c>#</c> lines are comments. With
/// <c>WORKBENCH_REWRITE_GOLDEN=1</c> the file is rewritten with what the code produces now (review
/// the diff before committing); otherwise every mismatch fails the test, all listed at once.
/// The file is found next to the calling test's source file (<c>testdata/</c> beside it).
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment variable that, set to 1, rewrites the expected outputs.</summary>
    public const string RewriteVariable = "WORKBENCH_REWRITE_GOLDEN";

    /// <summary>One case: the command word, its key=value arguments and its input lines.</summary>
    public sealed record Case(string Command, Dictionary<string, string> Args, List<string> Input);

    /// <summary>Runs every case of <c>testdata/<paramref name="fileName"/></c> through <paramref name="handler"/> and compares (or rewrites) the outputs.</summary>
    public static void Run(string fileName, Func<Case, IEnumerable<string>> handler, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "testdata", fileName);
        var lines = File.ReadAllLines(path);
        var rewrite = Environment.GetEnvironmentVariable(RewriteVariable) == "1";
        var output = new StringBuilder();
        var failures = new List<string>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#'))
            {
                output.Append(line).Append('\n');
                i++;
                continue;
            }
            var start = i + 1;
            var commandLine = line;
            var input = new List<string>();
            i++;
            while (i < lines.Length && lines[i] != "----") input.Add(lines[i++]);
            if (i >= lines.Length) throw new InvalidDataException($"{fileName}:{start}: case '{commandLine}' has no '----' line");
            i++;
            var expected = new List<string>();
            while (i < lines.Length && lines[i].Length > 0) expected.Add(lines[i++]);
            var actual = handler(Parse(commandLine, input)).ToList();
            if (!actual.SequenceEqual(expected))
                failures.Add($"{fileName}:{start}: {commandLine}\n  expected:\n    {string.Join("\n    ", expected)}\n  actual:\n    {string.Join("\n    ", actual)}");
            output.Append(commandLine).Append('\n');
            foreach (var l in input) output.Append(l).Append('\n');
            output.Append("----\n");
            foreach (var l in actual) output.Append(l).Append('\n');
        }
        if (rewrite)
        {
            File.WriteAllText(path, output.ToString());
            return;
        }
        Assert.True(failures.Count == 0, $"{failures.Count} golden case(s) differ (rerun with {RewriteVariable}=1 to rewrite, then review the diff):\n" + string.Join("\n", failures));
    }

    private static Case Parse(string commandLine, List<string> input)
    {
        var parts = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var args = new Dictionary<string, string>();
        foreach (var p in parts.Skip(1))
        {
            var eq = p.IndexOf('=');
            if (eq < 0) throw new InvalidDataException($"argument '{p}' of '{commandLine}' is not key=value");
            args[p[..eq]] = p[(eq + 1)..];
        }
        return new Case(parts[0], args, input);
    }
}

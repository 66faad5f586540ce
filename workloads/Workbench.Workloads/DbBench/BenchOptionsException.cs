namespace Workbench.Workloads.DbBench;

/// <summary>
/// A bench parameter that cannot run (out of range, unknown benchmark, a layer that cannot run it):
/// the message names the flag and what is wrong in one line; the CLI turns it into a usage error.
/// </summary>
public sealed class BenchOptionsException : ArgumentException
{
    /// <summary>An options error without a message (tooling use).</summary>
    public BenchOptionsException() { }
    /// <summary>An options error; <paramref name="message"/> names the flag and what it accepts.</summary>
    public BenchOptionsException(string message) : base(message) { }
    /// <summary>An options error wrapping the parse failure behind it.</summary>
    public BenchOptionsException(string message, Exception inner) : base(message, inner) { }
}

namespace Workbench.Workloads.DbBench;

/// <summary>
/// A bench parameter that cannot run (out of range, unknown benchmark, a layer that cannot run it):
/// the message names the flag and what is wrong in one line; the CLI turns it into a usage error.
/// </summary>
public sealed class BenchOptionsException : ArgumentException
{
    public BenchOptionsException() { }
    public BenchOptionsException(string message) : base(message) { }
    public BenchOptionsException(string message, Exception inner) : base(message, inner) { }
}

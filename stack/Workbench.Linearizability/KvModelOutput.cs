namespace Workbench.Linearizability;

/// <summary>
/// The answer: for get the value (null = absent); for cas whether it succeeded. <see cref="Unknown"/>
/// marks an operation whose outcome was never learned (timed out); any answer is then legal.
/// </summary>
public sealed record KvModelOutput(string? Value = null, bool Succeeded = false, bool Unknown = false)
{
    /// <summary>The answer of an operation whose outcome was never learned; the model accepts it in any state.</summary>
    public static readonly KvModelOutput Indeterminate = new(Unknown: true);
}

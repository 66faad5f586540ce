namespace Workbench.Jepsen.Txn;

/// <summary>A workload's operation decided not to write (insufficient funds, cas mismatch): the operation fails with <see cref="Reason"/> and nothing is committed.</summary>
internal sealed class OpFailedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

namespace Workbench.Txn.Errors;

/// <summary>The client's transaction did not commit (its primary was rolled back by a lock resolver, or its locks could not be resolved in time).</summary>
public sealed class TxnAbortedException : TxnException
{
    public TxnAbortedException(string message) : base(message) { }
    public TxnAbortedException(string message, Exception inner) : base(message, inner) { }
}

namespace Workbench.Txn.Errors;

/// <summary>The client's transaction did not commit (its primary was rolled back by a lock resolver, or its locks could not be resolved in time).</summary>
public sealed class TxnAbortedException : TxnException
{
    /// <summary>The transaction did not commit, for the reason in <paramref name="message"/>.</summary>
    public TxnAbortedException(string message) : base(message) { }
    /// <summary>The transaction did not commit because of <paramref name="inner"/>.</summary>
    public TxnAbortedException(string message, Exception inner) : base(message, inner) { }
}

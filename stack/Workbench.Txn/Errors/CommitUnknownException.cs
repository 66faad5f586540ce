namespace Workbench.Txn.Errors;

/// <summary>The commit's outcome is unknown to the client (the store failed after the transaction may have become committed). Never retried blindly.</summary>
public sealed class CommitUnknownException : TxnException
{
    /// <summary>The commit's outcome is unknown; <paramref name="inner"/> is the store failure met after the commit may have taken effect.</summary>
    public CommitUnknownException(string message, Exception inner) : base(message, inner) { }
}

namespace Workbench.Txn.Errors;

/// <summary>Base of the transaction layer's typed errors; names follow kvproto's <c>KeyError</c> kinds.</summary>
public abstract class TxnException : Exception
{
    /// <summary>An error of the transaction protocol described by <paramref name="message"/>.</summary>
    protected TxnException(string message) : base(message) { }
    /// <summary>An error of the transaction protocol caused by <paramref name="inner"/>.</summary>
    protected TxnException(string message, Exception inner) : base(message, inner) { }
}

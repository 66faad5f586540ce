namespace Workbench.Txn.Errors;

/// <summary>Base of the transaction layer's typed errors; names follow kvproto's <c>KeyError</c> kinds.</summary>
public abstract class TxnException : Exception
{
    protected TxnException(string message) : base(message) { }
    protected TxnException(string message, Exception inner) : base(message, inner) { }
}

namespace Workbench.Sql.Transactions;

/// <summary>A commit lost to a concurrent one on the same key (kvproto WriteConflict / KeyIsLocked not resolvable); the SQL layer reports MySQL 1213.</summary>
public sealed class WriteConflictException : Exception
{
    /// <summary>A conflict without detail ("write conflict").</summary>
    public WriteConflictException() : base("write conflict") { }
    /// <summary>A conflict described by <paramref name="message"/> (the key and the winning transaction when known).</summary>
    public WriteConflictException(string message) : base(message) { }
    /// <summary>A conflict wrapping the txn layer's error.</summary>
    public WriteConflictException(string message, Exception inner) : base(message, inner) { }
}

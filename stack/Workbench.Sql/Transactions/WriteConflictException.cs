namespace Workbench.Sql.Transactions;

/// <summary>A commit lost to a concurrent one on the same key (kvproto WriteConflict / KeyIsLocked not resolvable); the SQL layer reports MySQL 1213.</summary>
public sealed class WriteConflictException : Exception
{
    public WriteConflictException() : base("write conflict") { }
    public WriteConflictException(string message) : base(message) { }
    public WriteConflictException(string message, Exception inner) : base(message, inner) { }
}

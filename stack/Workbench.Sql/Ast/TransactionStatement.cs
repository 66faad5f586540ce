namespace Workbench.Sql.Ast;

public enum TransactionAction
{
    Begin,
    Commit,
    Rollback,
}

public sealed class TransactionStatement : Statement
{
    public TransactionAction Action { get; init; }
}

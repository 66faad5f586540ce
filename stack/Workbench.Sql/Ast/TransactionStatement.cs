namespace Workbench.Sql.Ast;

internal enum TransactionAction
{
    Begin,
    Commit,
    Rollback,
}

internal sealed class TransactionStatement : Statement
{
    public TransactionAction Action { get; init; }
}

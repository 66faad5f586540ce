namespace Workbench.Sql.Ast;

/// <summary>A function call; aggregates (COUNT/SUM/MIN/MAX/AVG) are function calls the planner recognises. `COUNT(*)` has <see cref="Star"/>.</summary>
internal sealed class FunctionCall(string name, IReadOnlyList<Expr> args, bool distinct, bool star) : Expr
{
    public string Name { get; } = name;
    public IReadOnlyList<Expr> Args { get; } = args;
    public bool Distinct { get; } = distinct;
    public bool Star { get; } = star;

    public bool IsAggregate => Name is "COUNT" or "SUM" or "MIN" or "MAX" or "AVG";
    /// <summary>Slot of this aggregate in the aggregation output, once planned; -1 before.</summary>
    public int AggregateSlot { get; set; } = -1;
}

namespace Workbench.Sql.Ast;

/// <summary>An expression node. The planner binds column references to row offsets in place (<see cref="ColumnRef.Offset"/>).</summary>
internal abstract class Expr
{
}

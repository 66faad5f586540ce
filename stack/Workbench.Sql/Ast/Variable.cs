namespace Workbench.Sql.Ast;

/// <summary>`@@[session.|global.]name` (system) or `@name` (user variable).</summary>
internal sealed class Variable(string name, bool system) : Expr
{
    public string Name { get; } = name;
    public bool System { get; } = system;
}

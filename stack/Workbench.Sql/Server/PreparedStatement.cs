using Workbench.Sql.Ast;
using Workbench.Sql.Execution;

namespace Workbench.Sql.Server;

/// <summary>A statement of COM_STMT_PREPARE: its AST, parameter count, the parameter types last bound (clients send them once) and long data.</summary>
internal sealed class PreparedStatement(uint id, Statement statement, int parameterCount, IReadOnlyList<ResultColumn>? columns)
{
    public uint Id { get; } = id;
    public Statement Statement { get; } = statement;
    public int ParameterCount { get; } = parameterCount;
    public IReadOnlyList<ResultColumn>? Columns { get; } = columns;
    public ushort[] ParameterTypes { get; } = new ushort[parameterCount];
    public Dictionary<int, byte[]> LongData { get; } = [];
}

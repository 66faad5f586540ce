namespace Workbench.Sql.Execution;

/// <summary>One column of a result set, with what ColumnDefinition41 carries.</summary>
internal sealed record ResultColumn(string Name, ColumnType Type, uint Length = 0, ColumnFlags Flags = ColumnFlags.None, byte Decimals = 0)
{
    public string Database { get; init; } = "";
    public string Table { get; init; } = "";
    public string OrgTable { get; init; } = "";
    public string OrgName { get; init; } = "";

    /// <summary>63 (binary) for numbers and blobs, 45 (utf8mb4_general_ci) for text.</summary>
    public ushort Charset => Type is ColumnType.VarString or ColumnType.String || (Type == ColumnType.Blob && (Flags & ColumnFlags.Binary) == 0) ? (ushort)45 : (ushort)63;

    public static ResultColumn Text(string name, uint length = 256) => new(name, ColumnType.VarString, length * 4);
    public static ResultColumn Int(string name) => new(name, ColumnType.LongLong, 21, ColumnFlags.Num);
}

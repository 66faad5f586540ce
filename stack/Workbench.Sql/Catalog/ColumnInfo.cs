using Workbench.Sql.Values;

namespace Workbench.Sql.Catalog;

/// <summary>
/// One column of a table as stored in the catalog (JSON under the table's meta key). <see cref="Id"/>
/// is the row-format column id (stable, 1-based); <see cref="Offset"/> is the position in a row.
/// </summary>
internal sealed class ColumnInfo
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public int Offset { get; set; }
    public SqlTypeKind Type { get; set; }
    /// <summary>Display length (CHAR/VARCHAR length, integer display width) or decimal precision.</summary>
    public int Length { get; set; }
    public int Scale { get; set; }
    public bool Unsigned { get; set; }
    public bool NotNull { get; set; }
    public bool AutoIncrement { get; set; }
    public bool PrimaryKey { get; set; }
    /// <summary>The DEFAULT as text (converted to the column type on use); null = no DEFAULT clause.</summary>
    public string? DefaultText { get; set; }
    public bool DefaultIsNull { get; set; }

    public bool IsInteger => Type is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt;
    public bool IsString => Type is SqlTypeKind.Char or SqlTypeKind.VarChar or SqlTypeKind.Text or SqlTypeKind.Blob;

    /// <summary>Converts a value to this column's type (MySQL's assignment conversion, non-strict on strings).</summary>
    public SqlValue Convert(SqlValue v)
    {
        if (v.IsNull) return v;
        return Type switch
        {
            SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.Int or SqlTypeKind.BigInt => SqlValue.FromInt(v.AsInt()),
            SqlTypeKind.Double => SqlValue.FromDouble(v.AsDouble()),
            SqlTypeKind.Decimal => SqlValue.FromDecimal(Math.Round(v.AsDecimal(), Math.Min(Scale, 28), MidpointRounding.AwayFromZero)),
            _ => SqlValue.FromString(v.AsString()),
        };
    }

    /// <summary>The value an INSERT uses when the column is not given.</summary>
    public SqlValue DefaultValue()
    {
        if (DefaultText is null || DefaultIsNull) return SqlValue.Null;
        return Convert(SqlValue.FromString(DefaultText));
    }

    /// <summary>SQL text of the type, as SHOW CREATE TABLE prints it.</summary>
    public string TypeText() => Type switch
    {
        SqlTypeKind.TinyInt => "tinyint" + (Unsigned ? " unsigned" : ""),
        SqlTypeKind.SmallInt => "smallint" + (Unsigned ? " unsigned" : ""),
        SqlTypeKind.Int => "int" + (Unsigned ? " unsigned" : ""),
        SqlTypeKind.BigInt => "bigint" + (Unsigned ? " unsigned" : ""),
        SqlTypeKind.Double => "double",
        SqlTypeKind.Decimal => $"decimal({Length},{Scale})",
        SqlTypeKind.Char => $"char({Length})",
        SqlTypeKind.VarChar => $"varchar({Length})",
        SqlTypeKind.Text => "text",
        _ => "blob",
    };
}

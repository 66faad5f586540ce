using Workbench.Sql.Execution;
using Workbench.Sql.Values;

namespace Workbench.Sql.Protocol;

/// <summary>ProtocolText::ResultsetRow: each value a length-encoded string, 0xFB for NULL.</summary>
internal static class TextRow
{
    public static void Write(PayloadWriter w, IReadOnlyList<ResultColumn> columns, SqlValue[] row)
    {
        ArgumentNullException.ThrowIfNull(w); ArgumentNullException.ThrowIfNull(columns); ArgumentNullException.ThrowIfNull(row);
        for (int i = 0; i < columns.Count; i++)
        {
            var v = row[i];
            if (v.IsNull) { w.Byte(0xFB); continue; }
            w.LenEncString(Format(columns[i], v));
        }
    }

    /// <summary>The text form of a value as the column type asks (integers for integer columns, decimals with their scale).</summary>
    public static string Format(ResultColumn c, SqlValue v)
    {
        ArgumentNullException.ThrowIfNull(c);
        switch (c.Type)
        {
            case ColumnType.Tiny or ColumnType.Short or ColumnType.Long or ColumnType.LongLong:
                return v.Kind == SqlValueKind.Int ? v.AsString() : v.AsInt().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case ColumnType.NewDecimal:
                return c.Decimals > 0 && v.Kind != SqlValueKind.String
                    ? v.AsDecimal().ToString("F" + c.Decimals.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)
                    : v.AsString();
            default:
                return v.AsString();
        }
    }
}

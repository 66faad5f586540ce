using Workbench.Sql.Execution;

namespace Workbench.Sql.Protocol;

/// <summary>ColumnDefinition41: lenenc catalog "def", schema, table, org_table, name, org_name, 0x0C, charset, length, type, flags, decimals, two zero bytes (and for COM_FIELD_LIST a default value).</summary>
internal static class ColumnDefinition41
{
    public static void Write(PayloadWriter w, ResultColumn c, bool fieldList = false)
    {
        ArgumentNullException.ThrowIfNull(w); ArgumentNullException.ThrowIfNull(c);
        w.LenEncString("def").LenEncString(c.Database).LenEncString(c.Table).LenEncString(c.OrgTable).LenEncString(c.Name).LenEncString(c.OrgName);
        w.Byte(0x0C).U16(c.Charset).U32(c.Length).Byte((byte)c.Type).U16((ushort)c.Flags).Byte(c.Decimals).U16(0);
        if (fieldList) w.Byte(0xFB);
    }
}

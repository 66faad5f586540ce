namespace Workbench.Sql.Protocol;

/// <summary>COM_STMT_PREPARE_OK: 0x00, statement id, column count, parameter count, filler, warnings.</summary>
internal static class StmtPrepareOk
{
    public static void Write(PayloadWriter w, uint statementId, ushort columns, ushort parameters)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Byte(0).U32(statementId).U16(columns).U16(parameters).Byte(0).U16(0);
    }
}

namespace Workbench.Sql.Protocol;

/// <summary>OK_Packet: header 0x00 (0xFE when it ends a result set under DEPRECATE_EOF), affected rows, last insert id, status, warnings, lenenc info.</summary>
internal static class OkPacket
{
    public static void Write(PayloadWriter w, ulong affected, ulong lastInsertId, ServerStatus status, ushort warnings, string info = "", bool eofHeader = false)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Byte(eofHeader ? (byte)0xFE : (byte)0).LenEncInt(affected).LenEncInt(lastInsertId).U16((ushort)status).U16(warnings);
        // Servers send the info as a length-encoded string (libmariadb reads it so), not string<EOF>.
        if (info.Length > 0) w.LenEncString(info);
    }
}

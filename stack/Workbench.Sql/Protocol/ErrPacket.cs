namespace Workbench.Sql.Protocol;

/// <summary>ERR_Packet: 0xFF, error code, '#', five-character SQLSTATE, message.</summary>
internal static class ErrPacket
{
    public static void Write(PayloadWriter w, int code, string sqlState, string message)
    {
        ArgumentNullException.ThrowIfNull(w); ArgumentNullException.ThrowIfNull(sqlState);
        w.Byte(0xFF).U16((ushort)code).Byte((byte)'#').RawString(sqlState.Length == 5 ? sqlState : "HY000").RawString(message);
    }
}

namespace Workbench.Sql.Protocol;

/// <summary>EOF_Packet (classic, for clients without DEPRECATE_EOF): 0xFE, warnings, status.</summary>
internal static class EofPacket
{
    public static void Write(PayloadWriter w, ushort warnings, ServerStatus status)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Byte(0xFE).U16(warnings).U16((ushort)status);
    }
}

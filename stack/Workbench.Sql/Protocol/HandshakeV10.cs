namespace Workbench.Sql.Protocol;

/// <summary>The server greeting (Protocol::HandshakeV10): version, connection id, 20-byte scramble in two parts, capabilities, charset 45 (utf8mb4), status, auth plugin name.</summary>
internal static class HandshakeV10
{
    public static void Write(PayloadWriter w, string version, uint connectionId, ReadOnlySpan<byte> scramble, Capabilities caps)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Byte(10).NulString(version).U32(connectionId);
        w.Bytes(scramble[..8]).Byte(0);
        w.U16((ushort)((uint)caps & 0xFFFF)).Byte(45).U16((ushort)ServerStatus.Autocommit).U16((ushort)((uint)caps >> 16));
        w.Byte((byte)(scramble.Length + 1)).Zeros(10);
        w.Bytes(scramble[8..]).Byte(0);
        w.NulString(NativePassword.PluginName);
    }
}

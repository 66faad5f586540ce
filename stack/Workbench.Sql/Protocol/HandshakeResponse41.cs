namespace Workbench.Sql.Protocol;

/// <summary>The client's login (Protocol::HandshakeResponse41): capabilities, max packet, charset, user, auth token, database, plugin name (attributes skipped).</summary>
internal sealed record HandshakeResponse41(Capabilities Capabilities, string User, byte[] AuthToken, string? Database, string? AuthPlugin, bool WantsSsl)
{
    public static HandshakeResponse41 Parse(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        var caps = (Capabilities)r.U32("capability flags");
        if ((caps & Capabilities.Protocol41) == 0) throw new ProtocolException("client does not speak protocol 4.1");
        r.U32("max packet size");
        r.Byte("character set");
        r.Skip(23);
        if (r.AtEnd && (caps & Capabilities.Ssl) != 0) return new HandshakeResponse41(caps, "", [], null, null, true);
        string user = r.NulString("user name");
        byte[] token;
        if ((caps & Capabilities.PluginAuthLenencData) != 0) token = r.LenEncBytes("auth response").ToArray();
        else if ((caps & Capabilities.SecureConnection) != 0) token = r.Bytes(r.Byte("auth response length"), "auth response").ToArray();
        else token = System.Text.Encoding.UTF8.GetBytes(r.NulString("auth response"));
        string? db = null;
        if ((caps & Capabilities.ConnectWithDb) != 0 && !r.AtEnd) db = r.NulOrEndString();
        string? plugin = null;
        if ((caps & Capabilities.PluginAuth) != 0 && !r.AtEnd) plugin = r.NulOrEndString();
        if (db is { Length: 0 }) db = null;
        return new HandshakeResponse41(caps, user, token, db, plugin, false);
    }
}

namespace Workbench.Sql.Protocol;

/// <summary>MySQL client/server capability flags (the ones this server announces or reads).</summary>
[Flags]
internal enum Capabilities : uint
{
    LongPassword = 1,
    FoundRows = 2,
    LongFlag = 4,
    ConnectWithDb = 8,
    NoSchema = 16,
    Protocol41 = 512,
    Transactions = 8192,
    SecureConnection = 32768,
    MultiStatements = 1 << 16,
    MultiResults = 1 << 17,
    PsMultiResults = 1 << 18,
    PluginAuth = 1 << 19,
    ConnectAttrs = 1 << 20,
    PluginAuthLenencData = 1 << 21,
    SessionTrack = 1 << 23,
    DeprecateEof = 1 << 24,
    Ssl = 2048,
}

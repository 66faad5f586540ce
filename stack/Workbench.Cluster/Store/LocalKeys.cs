using System.Buffers.Binary;

namespace Workbench.Cluster.Store;

/// <summary>
/// Keys of a store's own state in the engine's raft CF (TiKV's keys.rs): prefix 0x01 (local),
/// then 0x02 for Raft log keys (used when the log lives in the engine) or 0x03 for region
/// metadata, the region id big-endian, and a suffix. Big-endian ids keep a region's keys together
/// and its log entries in index order.
/// </summary>
internal static class LocalKeys
{
    public const byte LocalPrefix = 0x01;
    public const byte RaftPrefix = 0x02;
    public const byte MetaPrefix = 0x03;

    public const byte RaftLogSuffix = 0x01;
    public const byte RaftStateSuffix = 0x02;
    public const byte TruncatedStateSuffix = 0x03;

    public const byte RegionStateSuffix = 0x01;
    public const byte ApplyStateSuffix = 0x02;

    public static byte[] RaftLogKey(ulong regionId, ulong index)
    {
        var k = new byte[1 + 1 + 8 + 1 + 8];
        k[0] = LocalPrefix;
        k[1] = RaftPrefix;
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(2), regionId);
        k[10] = RaftLogSuffix;
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(11), index);
        return k;
    }

    public static byte[] RaftStateKey(ulong regionId) => RegionKey(RaftPrefix, regionId, RaftStateSuffix);
    public static byte[] TruncatedStateKey(ulong regionId) => RegionKey(RaftPrefix, regionId, TruncatedStateSuffix);
    public static byte[] RegionStateKey(ulong regionId) => RegionKey(MetaPrefix, regionId, RegionStateSuffix);
    public static byte[] ApplyStateKey(ulong regionId) => RegionKey(MetaPrefix, regionId, ApplyStateSuffix);

    /// <summary>[start, end) of every key with the given prefix byte.</summary>
    public static (byte[] Start, byte[] End) PrefixRange(byte prefix) => ([LocalPrefix, prefix], [LocalPrefix, (byte)(prefix + 1)]);

    /// <summary>The region id of a key made by this class.</summary>
    public static ulong RegionIdOf(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt64BigEndian(key[2..]);

    private static byte[] RegionKey(byte prefix, ulong regionId, byte suffix)
    {
        var k = new byte[1 + 1 + 8 + 1];
        k[0] = LocalPrefix;
        k[1] = prefix;
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(2), regionId);
        k[10] = suffix;
        return k;
    }
}

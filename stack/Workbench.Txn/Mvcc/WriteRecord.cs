namespace Workbench.Txn.Mvcc;

/// <summary>
/// A write record, the value of CF write at key+commit_ts (TiKV's <c>txn_types::Write</c>),
/// byte-exact with TiKV's <c>Write::to_bytes</c> (see Mvcc/FORMAT.md). A rollback record lives at
/// key+start_ts; a protected one carries the short value "p" so it is never collapsed.
/// </summary>
public sealed class WriteRecord
{
    private const byte ShortValuePrefix = (byte)'v';
    private const byte OverlappedRollbackFlag = (byte)'R';
    private const byte GcFencePrefix = (byte)'F';
    private const byte LastChangePrefix = (byte)'l';
    private const byte TxnSourcePrefix = (byte)'S';
    private static readonly byte[] ProtectedRollbackShortValue = [(byte)'p'];

    /// <summary>Put, Delete, Lock or Rollback.</summary>
    public required WriteType Type { get; init; }
    /// <summary>The writing transaction's start_ts (where its value lives in CF default when not short).</summary>
    public required ulong StartTs { get; init; }
    /// <summary>The value of a put of at most 255 bytes, inline; null otherwise (or "p" for a protected rollback).</summary>
    public byte[]? ShortValue { get; init; }
    /// <summary>Another transaction's rollback at this commit_ts was overlapped by this record (TiKV's has_overlapped_rollback).</summary>
    public bool HasOverlappedRollback { get; init; }
    /// <summary>TiKV's gc_fence, kept for round trips (this layer does not write it).</summary>
    public ulong? GcFence { get; init; }
    /// <summary>TiKV's last_change_ts, kept for round trips.</summary>
    public ulong LastChangeTs { get; init; }
    /// <summary>TiKV's versions_to_last_change, kept for round trips.</summary>
    public ulong VersionsToLastChange { get; init; }
    /// <summary>Whether the last-change fields were present.</summary>
    public bool HasLastChange { get; init; }
    /// <summary>TiKV's txn_source, kept for round trips.</summary>
    public ulong TxnSource { get; init; }

    /// <summary>A rollback record GC must not collapse (short value "p").</summary>
    public bool IsProtectedRollback =>
        Type == WriteType.Rollback && ShortValue is { Length: 1 } v && v[0] == (byte)'p';

    /// <summary>The rollback record for <paramref name="startTs"/>; <paramref name="protect"/> makes it protected.</summary>
    public static WriteRecord Rollback(ulong startTs, bool protect) =>
        new() { Type = WriteType.Rollback, StartTs = startTs, ShortValue = protect ? ProtectedRollbackShortValue : null };

    /// <summary>TiKV's Write::to_bytes encoding (Mvcc/FORMAT.md).</summary>
    public byte[] ToBytes()
    {
        var b = new List<byte>(16 + (ShortValue?.Length ?? 0));
        b.Add((byte)Type);
        TikvCodec.WriteVarU64(b, StartTs);
        if (ShortValue is not null)
        {
            if (ShortValue.Length > LockRecord.ShortValueMaxLength) throw new InvalidOperationException($"short value of {ShortValue.Length} bytes exceeds {LockRecord.ShortValueMaxLength}");
            b.Add(ShortValuePrefix);
            b.Add((byte)ShortValue.Length);
            b.AddRange(ShortValue);
        }
        if (HasOverlappedRollback) b.Add(OverlappedRollbackFlag);
        if (GcFence is { } fence) { b.Add(GcFencePrefix); TikvCodec.WriteU64(b, fence); }
        if (HasLastChange) { b.Add(LastChangePrefix); TikvCodec.WriteU64(b, LastChangeTs); TikvCodec.WriteVarU64(b, VersionsToLastChange); }
        if (TxnSource != 0) { b.Add(TxnSourcePrefix); TikvCodec.WriteVarU64(b, TxnSource); }
        return b.ToArray();
    }

    /// <summary>Parses a write record; stops at an unknown field prefix as TiKV does. Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static WriteRecord Parse(ReadOnlySpan<byte> src)
    {
        const string what = "write record";
        var pos = 0;
        var typeByte = TikvCodec.ReadByte(src, ref pos, what);
        if (typeByte is not ((byte)'P' or (byte)'D' or (byte)'L' or (byte)'R'))
            throw new FormatException($"{what}: unknown write type 0x{typeByte:X2}");
        var startTs = TikvCodec.ReadVarU64(src, ref pos, what);
        byte[]? shortValue = null;
        var overlapped = false;
        ulong? fence = null;
        ulong lastChangeTs = 0, versions = 0, source = 0;
        var hasLastChange = false;
        var known = true;
        while (pos < src.Length && known)
        {
            var prefix = src[pos++];
            switch (prefix)
            {
                case ShortValuePrefix:
                    var len = TikvCodec.ReadByte(src, ref pos, what);
                    if (src.Length - pos < len) throw new FormatException($"{what}: short value of {len} bytes overruns the record");
                    shortValue = src.Slice(pos, len).ToArray();
                    pos += len;
                    break;
                case OverlappedRollbackFlag: overlapped = true; break;
                case GcFencePrefix: fence = TikvCodec.ReadU64(src, ref pos, what); break;
                case LastChangePrefix:
                    hasLastChange = true;
                    lastChangeTs = TikvCodec.ReadU64(src, ref pos, what);
                    versions = TikvCodec.ReadVarU64(src, ref pos, what);
                    break;
                case TxnSourcePrefix: source = TikvCodec.ReadVarU64(src, ref pos, what); break;
                default: known = false; break;
            }
        }
        return new WriteRecord
        {
            Type = (WriteType)typeByte, StartTs = startTs, ShortValue = shortValue, HasOverlappedRollback = overlapped,
            GcFence = fence, HasLastChange = hasLastChange, LastChangeTs = lastChangeTs, VersionsToLastChange = versions, TxnSource = source,
        };
    }
}

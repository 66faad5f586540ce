namespace Workbench.Txn.Mvcc;

/// <summary>
/// A Percolator lock, the value of CF lock (TiKV's <c>txn_types::Lock</c>), byte-exact with TiKV's
/// <c>Lock::to_bytes</c> for the fields this layer uses (see Mvcc/FORMAT.md). Keys in
/// <see cref="Primary"/> and <see cref="Secondaries"/> are raw user keys, as kvproto carries them.
/// Immutable by convention once stored; actions build a new one to change it.
/// </summary>
public sealed class LockRecord
{
    /// <summary>Longest value stored inside the lock or write record (TiKV's SHORT_VALUE_MAX_LEN).</summary>
    public const int ShortValueMaxLength = 255;
    private const byte ShortValuePrefix = (byte)'v';
    private const byte ForUpdateTsPrefix = (byte)'f';
    private const byte TxnSizePrefix = (byte)'t';
    private const byte MinCommitTsPrefix = (byte)'c';
    private const byte AsyncCommitPrefix = (byte)'a';
    private const byte RollbackTsPrefix = (byte)'r';
    private const byte LastChangePrefix = (byte)'l';
    private const byte TxnSourcePrefix = (byte)'s';
    private const byte LockedWithConflictPrefix = (byte)'F';
    private const byte GenerationPrefix = (byte)'g';

    /// <summary>Put, Delete, Lock or Pessimistic.</summary>
    public required LockType Type { get; init; }
    /// <summary>The transaction's primary key (raw).</summary>
    public required byte[] Primary { get; init; }
    /// <summary>The transaction's start_ts.</summary>
    public required ulong StartTs { get; init; }
    /// <summary>Milliseconds after the physical part of <see cref="StartTs"/> at which the lock may be rolled back by others.</summary>
    public ulong Ttl { get; init; }
    /// <summary>The value of a put of at most 255 bytes (else it lives in CF default at key+start_ts).</summary>
    public byte[]? ShortValue { get; init; }
    /// <summary>Pessimistic transactions' for_update_ts (0 here: this layer is optimistic).</summary>
    public ulong ForUpdateTs { get; init; }
    /// <summary>Keys of the whole transaction as the prewrite said (0 = unknown).</summary>
    public ulong TxnSize { get; init; }
    /// <summary>The transaction may not commit below this ts (pushed by readers; the async-commit bound).</summary>
    public ulong MinCommitTs { get; init; }
    /// <summary>Written by an async-commit prewrite (its commit_ts is decided from min_commit_ts).</summary>
    public bool UseAsyncCommit { get; init; }
    /// <summary>Only on the primary lock of an async-commit transaction: every other key it writes.</summary>
    public IReadOnlyList<byte[]> Secondaries { get; init; } = [];
    /// <summary>Start timestamps of other transactions rolled back on this key while the lock was here (for overlapped rollbacks).</summary>
    public IReadOnlyList<ulong> RollbackTs { get; init; } = [];
    // Parsed so foreign records round-trip; this layer never sets them.
    /// <summary>TiKV's last_change_ts, kept for round trips.</summary>
    public ulong LastChangeTs { get; init; }
    /// <summary>TiKV's versions_to_last_change, kept for round trips.</summary>
    public ulong VersionsToLastChange { get; init; }
    /// <summary>Whether the last-change fields were present.</summary>
    public bool HasLastChange { get; init; }
    /// <summary>TiKV's txn_source (CDC origin), kept for round trips.</summary>
    public ulong TxnSource { get; init; }
    /// <summary>TiKV's is_locked_with_conflict, kept for round trips.</summary>
    public bool IsLockedWithConflict { get; init; }
    /// <summary>TiKV's generation of pipelined DML, kept for round trips.</summary>
    public ulong Generation { get; init; }

    /// <summary>True when <paramref name="currentTs"/>'s physical time is past start + TTL.</summary>
    public bool IsExpired(ulong currentTs) =>
        TimeStamp.Physical(currentTs) >= TimeStamp.Physical(StartTs) + (long)Ttl;

    /// <summary>TiKV's Lock::to_bytes encoding (Mvcc/FORMAT.md).</summary>
    public byte[] ToBytes()
    {
        var b = new List<byte>(32 + Primary.Length + (ShortValue?.Length ?? 0));
        b.Add((byte)Type);
        TikvCodec.WriteCompactBytes(b, Primary);
        TikvCodec.WriteVarU64(b, StartTs);
        TikvCodec.WriteVarU64(b, Ttl);
        if (ShortValue is not null)
        {
            if (ShortValue.Length > ShortValueMaxLength) throw new InvalidOperationException($"short value of {ShortValue.Length} bytes exceeds {ShortValueMaxLength}");
            b.Add(ShortValuePrefix);
            b.Add((byte)ShortValue.Length);
            b.AddRange(ShortValue);
        }
        if (ForUpdateTs != 0) { b.Add(ForUpdateTsPrefix); TikvCodec.WriteU64(b, ForUpdateTs); }
        if (TxnSize != 0) { b.Add(TxnSizePrefix); TikvCodec.WriteU64(b, TxnSize); }
        if (MinCommitTs != 0) { b.Add(MinCommitTsPrefix); TikvCodec.WriteU64(b, MinCommitTs); }
        if (UseAsyncCommit)
        {
            b.Add(AsyncCommitPrefix);
            TikvCodec.WriteVarU64(b, (ulong)Secondaries.Count);
            foreach (var s in Secondaries) TikvCodec.WriteCompactBytes(b, s);
        }
        if (RollbackTs.Count > 0)
        {
            b.Add(RollbackTsPrefix);
            TikvCodec.WriteVarU64(b, (ulong)RollbackTs.Count);
            foreach (var ts in RollbackTs) TikvCodec.WriteU64(b, ts);
        }
        if (HasLastChange) { b.Add(LastChangePrefix); TikvCodec.WriteU64(b, LastChangeTs); TikvCodec.WriteVarU64(b, VersionsToLastChange); }
        if (TxnSource != 0) { b.Add(TxnSourcePrefix); TikvCodec.WriteVarU64(b, TxnSource); }
        if (IsLockedWithConflict) b.Add(LockedWithConflictPrefix);
        if (Generation != 0) { b.Add(GenerationPrefix); TikvCodec.WriteU64(b, Generation); }
        return b.ToArray();
    }

    /// <summary>Parses a lock record; stops at an unknown field prefix (TiKV's forward-compatibility rule). Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static LockRecord Parse(ReadOnlySpan<byte> src)
    {
        const string what = "lock record";
        var pos = 0;
        var typeByte = TikvCodec.ReadByte(src, ref pos, what);
        if (typeByte is not ((byte)'P' or (byte)'D' or (byte)'L' or (byte)'S'))
            throw new FormatException($"{what}: unknown lock type 0x{typeByte:X2}");
        var primary = TikvCodec.ReadCompactBytes(src, ref pos, what);
        var startTs = TikvCodec.ReadVarU64(src, ref pos, what);
        var ttl = TikvCodec.ReadVarU64(src, ref pos, what);
        byte[]? shortValue = null;
        ulong forUpdate = 0, txnSize = 0, minCommit = 0, lastChangeTs = 0, versions = 0, source = 0, generation = 0;
        var async = false;
        var hasLastChange = false;
        var conflict = false;
        var secondaries = new List<byte[]>();
        var rollbacks = new List<ulong>();
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
                case ForUpdateTsPrefix: forUpdate = TikvCodec.ReadU64(src, ref pos, what); break;
                case TxnSizePrefix: txnSize = TikvCodec.ReadU64(src, ref pos, what); break;
                case MinCommitTsPrefix: minCommit = TikvCodec.ReadU64(src, ref pos, what); break;
                case AsyncCommitPrefix:
                    async = true;
                    var n = TikvCodec.ReadVarU64(src, ref pos, what);
                    for (ulong i = 0; i < n; i++) secondaries.Add(TikvCodec.ReadCompactBytes(src, ref pos, what));
                    break;
                case RollbackTsPrefix:
                    var m = TikvCodec.ReadVarU64(src, ref pos, what);
                    for (ulong i = 0; i < m; i++) rollbacks.Add(TikvCodec.ReadU64(src, ref pos, what));
                    break;
                case LastChangePrefix:
                    hasLastChange = true;
                    lastChangeTs = TikvCodec.ReadU64(src, ref pos, what);
                    versions = TikvCodec.ReadVarU64(src, ref pos, what);
                    break;
                case TxnSourcePrefix: source = TikvCodec.ReadVarU64(src, ref pos, what); break;
                case LockedWithConflictPrefix: conflict = true; break;
                case GenerationPrefix: generation = TikvCodec.ReadU64(src, ref pos, what); break;
                default: known = false; break;
            }
        }
        return new LockRecord
        {
            Type = (LockType)typeByte, Primary = primary, StartTs = startTs, Ttl = ttl, ShortValue = shortValue,
            ForUpdateTs = forUpdate, TxnSize = txnSize, MinCommitTs = minCommit, UseAsyncCommit = async,
            Secondaries = secondaries, RollbackTs = rollbacks, HasLastChange = hasLastChange, LastChangeTs = lastChangeTs,
            VersionsToLastChange = versions, TxnSource = source, IsLockedWithConflict = conflict, Generation = generation,
        };
    }
}

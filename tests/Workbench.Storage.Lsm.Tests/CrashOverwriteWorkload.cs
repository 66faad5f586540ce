using System.Buffers.Binary;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The overwrite workload of <see cref="CrashChild"/>: batch n overwrites <see cref="KeysPerBatch"/>
/// distinct slots of a bounded key set (so flush, compaction and blob GC see plenty of garbage).
/// Each value starts with its batch number and slot, so a read tells which write it came from; the
/// rest is deterministic bytes of that write. Value sizes straddle a small min_blob_size, so both
/// inline values and blob references are exercised.
/// </summary>
internal static class CrashOverwriteWorkload
{
    public const int KeysPerBatch = 4;

    /// <summary>Prime, so the stride below gives distinct slots within a batch.</summary>
    public const int Slots = 97;

    private const int HeaderSize = 12;

    public static int Slot(long batch, int j)
    {
        var h = (ulong)batch * 0x9E3779B97F4A7C15UL;
        h ^= h >> 29;
        return (int)((h % Slots + (ulong)j * 31) % Slots);
    }

    public static byte[] Key(int slot) => System.Text.Encoding.ASCII.GetBytes($"k{slot:D4}");

    public static int ColumnFamilyIndex(int slot, int count) => slot % count;

    public static byte[] Value(long batch, int slot)
    {
        var v = new byte[HeaderSize + (int)((batch * 7 + slot * 131) % 1800)];
        BinaryPrimitives.WriteInt64LittleEndian(v, batch);
        BinaryPrimitives.WriteInt32LittleEndian(v.AsSpan(8), slot);
        new Random((int)(batch * 131 + slot)).NextBytes(v.AsSpan(HeaderSize));
        return v;
    }

    /// <summary>The batch a stored value claims to come from (checked against <see cref="Value"/> by the caller).</summary>
    public static long BatchOf(ReadOnlySpan<byte> value) =>
        value.Length < HeaderSize ? -1 : BinaryPrimitives.ReadInt64LittleEndian(value);

    public static void Fill(WriteBatch batch, IReadOnlyList<ColumnFamilyHandle> cfs, long n)
    {
        for (var j = 0; j < KeysPerBatch; j++)
        {
            var slot = Slot(n, j);
            batch.Put(cfs[ColumnFamilyIndex(slot, cfs.Count)], Key(slot), Value(n, slot));
        }
    }
}

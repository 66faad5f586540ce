using System.Buffers.Binary;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.BTree.CrashChild;

/// <summary>
/// The workload the kill -9 test runs in a child process, and the facts the parent checks after the
/// kill: batch <c>id</c> puts <see cref="Key"/>(id) → <see cref="Value"/>(id) in "default" and the
/// id in "write", and sets the "counter" key of "write" to id. Stateless.
/// </summary>
public static class CrashWorkload
{
    public static readonly string[] ColumnFamilies = ["default", "write"];

    /// <summary>Small pages, pool and checkpoint interval, so kills land in evictions and checkpoints too.</summary>
    public static readonly Dictionary<string, string> Options = new()
    {
        ["page_size"] = "4KiB",
        ["cache_size"] = "256KiB",
        ["checkpoint_wal_bytes"] = "96KiB",
    };

    public static readonly byte[] CounterKey = "counter"u8.ToArray();

    public static byte[] Key(long id)
    {
        // Scatter ids over the key space so every batch touches a different leaf.
        var k = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(k, (uint)(id * 2654435761u));
        BinaryPrimitives.WriteInt64BigEndian(k.AsSpan(4), id);
        return k;
    }

    public static byte[] Value(long id)
    {
        var v = new byte[200 + (int)(id % 7) * 50];
        for (var i = 0; i < v.Length; i++) v[i] = (byte)(id + i);
        return v;
    }

    public static byte[] Id(long id)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, id);
        return b;
    }

    public static IKvEngine Open(string directory) =>
        new EngineRegistry().Register(new BTreeEngineFactory())
            .Open(new EngineConfig("btree", Options), directory, LocalFileSystem.Instance, ColumnFamilies);
}

using System.Buffers;
using Workbench.Storage.Batch;

namespace Workbench.Storage.Contract;

/// <summary>Conveniences over <see cref="IKvEngine"/> for tests and tools (they allocate; hot paths use the span APIs).</summary>
public static class KvEngineExtensions
{
    public static byte[]? Get(this IKvEngine engine, ColumnFamilyHandle cf, ReadOnlySpan<byte> key, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var buffer = new ArrayBufferWriter<byte>();
        return engine.TryGet(cf, key, buffer, options) ? buffer.WrittenSpan.ToArray() : null;
    }

    public static void Put(this IKvEngine engine, ColumnFamilyHandle cf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var batch = new WriteBatch();
        batch.Put(cf, key, value);
        engine.Write(batch, options);
    }

    public static void Delete(this IKvEngine engine, ColumnFamilyHandle cf, ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var batch = new WriteBatch();
        batch.Delete(cf, key);
        engine.Write(batch, options);
    }

    public static ColumnFamilyHandle GetColumnFamily(this IKvEngine engine, string name)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var cf in engine.ColumnFamilies)
            if (cf.Name == name) return cf;
        throw new ArgumentException($"engine '{engine.Name}' has no column family '{name}'", nameof(name));
    }

    public static ColumnFamilyHandle DefaultColumnFamily(this IKvEngine engine) => engine.GetColumnFamily(ColumnFamilyDescriptor.Default);
}

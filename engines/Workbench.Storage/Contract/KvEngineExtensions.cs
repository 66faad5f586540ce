using System.Buffers;
using Workbench.Storage.Batch;

namespace Workbench.Storage.Contract;

/// <summary>Conveniences over <see cref="IKvEngine"/> for tests and tools (they allocate; hot paths use the span APIs).</summary>
public static class KvEngineExtensions
{
    /// <summary>Reads <paramref name="key"/> into a new array; null when the key is absent. Allocates: hot paths use TryGet with a reused buffer.</summary>
    public static byte[]? Get(this IKvEngine engine, ColumnFamilyHandle cf, ReadOnlySpan<byte> key, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var buffer = new ArrayBufferWriter<byte>();
        return engine.TryGet(cf, key, buffer, options) ? buffer.WrittenSpan.ToArray() : null;
    }

    /// <summary>Writes one key through a one-operation batch.</summary>
    public static void Put(this IKvEngine engine, ColumnFamilyHandle cf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var batch = new WriteBatch();
        batch.Put(cf, key, value);
        engine.Write(batch, options);
    }

    /// <summary>Deletes one key through a one-operation batch.</summary>
    public static void Delete(this IKvEngine engine, ColumnFamilyHandle cf, ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var batch = new WriteBatch();
        batch.Delete(cf, key);
        engine.Write(batch, options);
    }

    /// <summary>The handle of column family <paramref name="name"/>; throws <see cref="ArgumentException"/> when the engine has none by that name.</summary>
    public static ColumnFamilyHandle GetColumnFamily(this IKvEngine engine, string name)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var cf in engine.ColumnFamilies)
            if (cf.Name == name) return cf;
        throw new ArgumentException($"engine '{engine.Name}' has no column family '{name}'", nameof(name));
    }

    /// <summary>The handle of the "default" column family.</summary>
    public static ColumnFamilyHandle DefaultColumnFamily(this IKvEngine engine) => engine.GetColumnFamily(ColumnFamilyDescriptor.Default);
}

using System.Buffers.Binary;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Memory;

/// <summary>Reads and writes the memory engine's checkpoint file (layout in FORMAT.md). Stateless.</summary>
internal static class MemoryCheckpointFormat
{
    private static readonly byte[] Magic = "WBMEMCK1"u8.ToArray();

    /// <summary>
    /// Format version written into the identity file (Identity/FORMAT.md): 2 since <c>memory.wal</c>
    /// became a record log (Log/FORMAT.md); the checkpoint layout (magic "WBMEMCK1") is version 1's.
    /// </summary>
    internal const int FormatVersion = 2;

    public static void Write(IFileSystem fs, string path, MemoryEngineState state, ColumnFamilyHandle[] handles)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        var tmp = new byte[VarInt.MaxLength64];
        void PutVar(ulong v) => buffer.Write(tmp, 0, VarInt.Write(tmp, v));
        void PutBytes(ReadOnlySpan<byte> b)
        {
            PutVar((ulong)b.Length);
            buffer.Write(b);
        }
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(seq, state.Sequence);
        buffer.Write(seq);
        PutVar((ulong)handles.Length);
        for (var i = 0; i < handles.Length; i++)
        {
            PutBytes(System.Text.Encoding.UTF8.GetBytes(handles[i].Name));
            var map = state.Maps[i];
            PutVar((ulong)map.Count);
            var c = new PersistentSortedMapCursor(map);
            for (c.SeekToFirst(); c.Valid; c.Next())
            {
                PutBytes(c.Key);
                PutBytes(c.Value);
            }
        }
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Mask(Crc32C.Compute(body)));
        using var f = fs.CreateFile(path, WriteCategory.Checkpoint);
        f.Append(body);
        f.Append(crc);
        f.Sync();
    }

    public static MemoryEngineState Read(IFileSystem fs, string path, ColumnFamilyHandle[] handles)
    {
        byte[] bytes;
        using (var f = fs.OpenRead(path))
        {
            bytes = new byte[f.Length];
            if (f.ReadAt(0, bytes) != bytes.Length) throw new IOException($"short read of {path}");
        }
        if (bytes.Length < Magic.Length + 12 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CorruptionException(path, 0, "bad magic in memory checkpoint");
        var bodyLength = bytes.Length - 4;
        if (Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bodyLength))) != Crc32C.Compute(bytes.AsSpan(0, bodyLength)))
            throw new CorruptionException(path, bytes.Length - 4, "checkpoint checksum mismatch");
        var pos = Magic.Length;
        var seq = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(pos));
        pos += 8;
        ulong Var()
        {
            var n = VarInt.TryRead(bytes.AsSpan(pos, bodyLength - pos), out var v);
            if (n == 0) throw new CorruptionException(path, pos, "bad varint");
            pos += n;
            return v;
        }
        byte[] Bytes()
        {
            var len = Var();
            if (len > (ulong)(bodyLength - pos)) throw new CorruptionException(path, pos, "length runs past the end");
            var b = bytes.AsSpan(pos, (int)len).ToArray();
            pos += (int)len;
            return b;
        }
        var cfCount = (int)Var();
        var maps = new PersistentSortedMap[handles.Length];
        Array.Fill(maps, PersistentSortedMap.Empty);
        for (var i = 0; i < cfCount; i++)
        {
            var name = System.Text.Encoding.UTF8.GetString(Bytes());
            var index = Array.FindIndex(handles, h => h.Name == name);
            if (index < 0) throw new StorageException($"{path}: column family '{name}' exists in the data but was not declared at open");
            var count = Var();
            var map = PersistentSortedMap.Empty;
            for (ulong j = 0; j < count; j++) map = map.Set(Bytes(), Bytes());
            maps[index] = map;
        }
        return new MemoryEngineState(maps, seq);
    }
}

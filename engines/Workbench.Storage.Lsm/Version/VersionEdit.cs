using System.Buffers;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Version;

/// <summary>
/// One atomic change to the set of table files, logged as one MANIFEST record (FORMAT.md): column
/// family declarations, per-CF log numbers, the next file number, the last sequence, files added
/// and deleted. An edit may touch several column families at once. Not thread-safe.
/// </summary>
internal sealed class VersionEdit
{
    private enum Tag : byte
    {
        ColumnFamily = 1,
        LogNumber = 2,
        NextFileNumber = 3,
        LastSequence = 4,
        NewFile = 5,
        DeletedFile = 6,
    }

    public List<(int Cf, string Name)> ColumnFamilies { get; } = [];
    public List<(int Cf, long LogNumber)> LogNumbers { get; } = [];
    public long? NextFileNumber { get; set; }
    public long? LastSequence { get; set; }
    public List<(int Cf, int Level, FileMetadata File)> NewFiles { get; } = [];
    public List<(int Cf, int Level, long Number)> DeletedFiles { get; } = [];

    public void AddFile(int cf, int level, FileMetadata f) => NewFiles.Add((cf, level, f));
    public void DeleteFile(int cf, int level, long number) => DeletedFiles.Add((cf, level, number));

    public byte[] Encode()
    {
        var w = new ArrayBufferWriter<byte>(256);
        foreach (var (cf, name) in ColumnFamilies)
        {
            PutTag(w, Tag.ColumnFamily);
            PutVar(w, (ulong)cf);
            PutBytes(w, System.Text.Encoding.UTF8.GetBytes(name));
        }
        foreach (var (cf, log) in LogNumbers)
        {
            PutTag(w, Tag.LogNumber);
            PutVar(w, (ulong)cf);
            PutVar(w, (ulong)log);
        }
        if (NextFileNumber is { } n)
        {
            PutTag(w, Tag.NextFileNumber);
            PutVar(w, (ulong)n);
        }
        if (LastSequence is { } s)
        {
            PutTag(w, Tag.LastSequence);
            PutVar(w, (ulong)s);
        }
        foreach (var (cf, level, f) in NewFiles)
        {
            PutTag(w, Tag.NewFile);
            PutVar(w, (ulong)cf);
            PutVar(w, (ulong)level);
            PutVar(w, (ulong)f.Number);
            PutVar(w, (ulong)f.Size);
            PutBytes(w, f.Smallest);
            PutBytes(w, f.Largest);
            PutVar(w, (ulong)f.SmallestSequence);
            PutVar(w, (ulong)f.LargestSequence);
        }
        foreach (var (cf, level, number) in DeletedFiles)
        {
            PutTag(w, Tag.DeletedFile);
            PutVar(w, (ulong)cf);
            PutVar(w, (ulong)level);
            PutVar(w, (ulong)number);
        }
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Decodes one record; <paramref name="file"/> and <paramref name="offset"/> name it in errors.</summary>
    public static VersionEdit Decode(ReadOnlySpan<byte> data, string file, long offset)
    {
        var e = new VersionEdit();
        var p = 0;
        long Var(ReadOnlySpan<byte> d)
        {
            var n = VarInt.TryRead(d[p..], out var v);
            if (n == 0 || v > long.MaxValue) throw new CorruptionException(file, offset, $"bad varint in version edit at byte {p}");
            p += n;
            return (long)v;
        }
        byte[] Bytes(ReadOnlySpan<byte> d)
        {
            var len = Var(d);
            if (len > d.Length - p) throw new CorruptionException(file, offset, $"byte string runs past the version edit at byte {p}");
            var b = d.Slice(p, (int)len).ToArray();
            p += (int)len;
            return b;
        }
        while (p < data.Length)
        {
            var tag = (Tag)data[p++];
            switch (tag)
            {
                case Tag.ColumnFamily:
                    {
                        var cf = (int)Var(data);
                        e.ColumnFamilies.Add((cf, System.Text.Encoding.UTF8.GetString(Bytes(data))));
                        break;
                    }
                case Tag.LogNumber:
                    {
                        var cf = (int)Var(data);
                        e.LogNumbers.Add((cf, Var(data)));
                        break;
                    }
                case Tag.NextFileNumber:
                    e.NextFileNumber = Var(data);
                    break;
                case Tag.LastSequence:
                    e.LastSequence = Var(data);
                    break;
                case Tag.NewFile:
                    {
                        var cf = (int)Var(data);
                        var level = (int)Var(data);
                        var number = Var(data);
                        var size = Var(data);
                        var smallest = Bytes(data);
                        var largest = Bytes(data);
                        var ss = Var(data);
                        var ls = Var(data);
                        if (smallest.Length < InternalKey.TrailerSize || largest.Length < InternalKey.TrailerSize || level >= LsmStatistics.MaxLevels)
                            throw new CorruptionException(file, offset, $"bad new-file entry for table {number}");
                        e.NewFiles.Add((cf, level, new FileMetadata(number, size, smallest, largest, ss, ls)));
                        break;
                    }
                case Tag.DeletedFile:
                    {
                        var cf = (int)Var(data);
                        var level = (int)Var(data);
                        e.DeletedFiles.Add((cf, level, Var(data)));
                        break;
                    }
                default:
                    throw new CorruptionException(file, offset, $"unknown version edit tag {(byte)tag}");
            }
        }
        return e;
    }

    private static void PutTag(ArrayBufferWriter<byte> w, Tag t)
    {
        w.GetSpan(1)[0] = (byte)t;
        w.Advance(1);
    }

    private static void PutVar(ArrayBufferWriter<byte> w, ulong v) => w.Advance(VarInt.Write(w.GetSpan(VarInt.MaxLength64), v));

    private static void PutBytes(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> b)
    {
        PutVar(w, (ulong)b.Length);
        w.Write(b);
    }
}

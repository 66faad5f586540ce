using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Version;

using Ascii = System.Text.Encoding;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>Hand-built job inputs: a memtable from (key, sequence, kind, value) rows, and readable dumps of what a job or iterator kept.</summary>
internal static class JobInputs
{
    public static Memtable Mem(params (string Key, long Seq, ValueKind Kind, string Value)[] rows)
    {
        var mem = new Memtable(1);
        foreach (var (key, seq, kind, value) in rows) mem.Add(seq, kind, Ascii.ASCII.GetBytes(key), Ascii.ASCII.GetBytes(value));
        return mem;
    }

    /// <summary>One entry as "key#seq KIND value", KIND one of SET, DEL, BLOB.</summary>
    public static string Describe(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
    {
        var kind = InternalKey.Kind(internalKey) switch
        {
            ValueKind.Value => "SET",
            ValueKind.Deletion => "DEL",
            ValueKind.BlobIndex => "BLOB",
            var k => k.ToString(),
        };
        var text = $"{Ascii.ASCII.GetString(InternalKey.UserKey(internalKey))}#{InternalKey.Sequence(internalKey)} {kind}";
        return value.Length > 0 ? $"{text} {Ascii.ASCII.GetString(value)}" : text;
    }

    /// <summary>Runs the iterator to its end; an entry that starts its user key is prefixed with "* ".</summary>
    public static List<string> Drain(CompactionIterator it)
    {
        var list = new List<string>();
        for (it.SeekToFirst(); it.Valid; it.Next()) list.Add((it.StartsUserKey ? "* " : "  ") + Describe(it.Key, it.Value));
        return list;
    }

    public static List<string> Dump(IInternalIterator it)
    {
        var list = new List<string>();
        for (it.SeekToFirst(); it.Valid; it.Next()) list.Add(Describe(it.Key, it.Value));
        return list;
    }

    /// <summary>A table file's metadata covering user keys [smallest, largest] (for base-level checks).</summary>
    public static FileMetadata File(long number, string smallest, string largest)
    {
        var lo = new byte[smallest.Length + InternalKey.TrailerSize];
        InternalKey.Write(lo, Ascii.ASCII.GetBytes(smallest), 100, ValueKind.Value);
        var hi = new byte[largest.Length + InternalKey.TrailerSize];
        InternalKey.Write(hi, Ascii.ASCII.GetBytes(largest), 1, ValueKind.Value);
        return new FileMetadata(number, 1, lo, hi, 1, 100);
    }
}

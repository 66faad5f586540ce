using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.ValueSeparation;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>GC rewrites as the engine's write queue takes them: a rewrite applies only while the key still points at exactly its old record.</summary>
internal sealed class BlobRewriteBatch : IValueRewrites
{
    private readonly List<BlobRewrite> _rewrites;
    private readonly byte[][] _encoded;

    public BlobRewriteBatch(List<BlobRewrite> rewrites)
    {
        _rewrites = rewrites;
        _encoded = new byte[rewrites.Count][];
        Span<byte> buf = stackalloc byte[BlobIndex.MaxEncodedLength];
        for (var i = 0; i < rewrites.Count; i++) _encoded[i] = buf[..rewrites[i].New.Encode(buf)].ToArray();
    }

    public int Count => _rewrites.Count;

    public ReadOnlySpan<byte> Key(int i) => _rewrites[i].Key;

    public ReadOnlySpan<byte> NewReference(int i) => _encoded[i];

    public bool StillCurrent(int i, bool found, ValueKind kind, ReadOnlySpan<byte> raw) => IsCurrent(_rewrites[i].Old, found, kind, raw);

    /// <summary>GC's question: does the newest entry (raw) still point at exactly this record?</summary>
    public static bool IsCurrent(BlobIndex index, bool found, ValueKind kind, ReadOnlySpan<byte> raw) =>
        found && kind == ValueKind.BlobIndex && BlobIndex.TryDecode(raw, out var current) && current == index;
}

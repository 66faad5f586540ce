using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Version;

/// <summary>
/// One table file as the version set knows it. Immutable except the reference count: every
/// <see cref="LsmVersion"/> that lists the file holds one reference; when the last is released the
/// file is obsolete and gets deleted (<see cref="VersionSet"/>).
/// </summary>
internal sealed class FileMetadata
{
    private int _refs;

    public FileMetadata(long number, long size, byte[] smallest, byte[] largest, long smallestSeq, long largestSeq)
    {
        Number = number;
        Size = size;
        Smallest = smallest;
        Largest = largest;
        SmallestSequence = smallestSeq;
        LargestSequence = largestSeq;
    }

    public long Number { get; }
    public long Size { get; }

    /// <summary>Smallest and largest internal keys in the file.</summary>
    public byte[] Smallest { get; }
    public byte[] Largest { get; }
    public long SmallestSequence { get; }
    public long LargestSequence { get; }

    /// <summary>Set while a compaction has the file as input (guarded by the engine mutex).</summary>
    public bool BeingCompacted { get; set; }

    public ReadOnlySpan<byte> SmallestUserKey => InternalKey.UserKey(Smallest);
    public ReadOnlySpan<byte> LargestUserKey => InternalKey.UserKey(Largest);

    public void Ref() => Interlocked.Increment(ref _refs);

    /// <summary>Returns true when this released the last reference.</summary>
    public bool Unref() => Interlocked.Decrement(ref _refs) == 0;
}

using System.Runtime.InteropServices;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// The per-thread scratch buffer of direct reads: a pinned array (pinned-object heap, so its address
/// never changes) used from its first <see cref="DirectIo.Alignment"/>-aligned byte. Pinned arrays
/// rather than NativeMemory.AlignedAlloc because this assembly has no unsafe code; one per thread,
/// because <see cref="IReadableFile.ReadAt"/> runs on many threads at once and a read never
/// re-enters another on its thread. A thread's buffer grows to its largest read, at most
/// <see cref="MaxLength"/> (longer reads go in chunks), and dies with the thread.
/// </summary>
internal static class AlignedReadBuffer
{
    /// <summary>The largest aligned span a thread keeps (256 KiB; larger reads are split).</summary>
    public const int MaxLength = 256 * 1024;

    [ThreadStatic] private static byte[]? t_array;
    [ThreadStatic] private static int t_start;

    /// <summary>This thread's buffer as an aligned span of <paramref name="length"/> bytes (a multiple of the alignment, at most <see cref="MaxLength"/>).</summary>
    public static Span<byte> Get(int length)
    {
        if (t_array is null || t_array.Length - t_start < length)
        {
            var size = Math.Max(16 * 1024, (int)Math.Min(MaxLength, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length)));
            var array = GC.AllocateUninitializedArray<byte>(size + DirectIo.Alignment, pinned: true);
            var address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0).ToInt64();
            t_start = (int)((DirectIo.Alignment - (address & (DirectIo.Alignment - 1))) & (DirectIo.Alignment - 1));
            t_array = array;
        }
        return t_array.AsSpan(t_start, length);
    }
}

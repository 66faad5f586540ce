using System.Buffers;
using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// Copies between native memory RocksDB owns (pinned values, iterator keys and values) and managed
/// buffers: one span copy each, no allocation once buffers are warm. Stateless.
/// </summary>
internal static unsafe class NativeBytes
{
    /// <summary>Appends <paramref name="length"/> bytes at <paramref name="source"/> to <paramref name="writer"/> (one copy).</summary>
    public static void CopyTo(nint source, int length, IBufferWriter<byte> writer)
    {
        if (length == 0) return;
        new ReadOnlySpan<byte>((void*)source, length).CopyTo(writer.GetSpan(length));
        writer.Advance(length);
    }

    /// <summary>Copies into <paramref name="buffer"/>, growing it (doubling) when too small; returns the copied length.</summary>
    public static int CopyTo(nint source, int length, ref byte[] buffer)
    {
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
        if (length > 0) new ReadOnlySpan<byte>((void*)source, length).CopyTo(buffer);
        return length;
    }

    /// <summary>An unmanaged copy of <paramref name="bytes"/> (at least one byte allocated); free with <see cref="Marshal.FreeHGlobal"/>.</summary>
    public static nint AllocCopy(ReadOnlySpan<byte> bytes)
    {
        var p = Marshal.AllocHGlobal(Math.Max(1, bytes.Length));
        bytes.CopyTo(new Span<byte>((void*)p, bytes.Length));
        return p;
    }
}

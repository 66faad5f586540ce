using System.Buffers;
using System.Runtime.InteropServices;

namespace Workbench.Storage.RocksDb.Native;

/// <summary>
/// Copies between native memory and managed buffers without unsafe code, and gives P/Invoke a
/// reference to a span's first byte (never a null reference, so an empty key is a valid pointer).
/// </summary>
internal static class NativeBytes
{
    private static readonly byte[] OneByte = new byte[1];

    /// <summary>A pinnable reference to the first byte of <paramref name="span"/> (to a private byte when empty; pass length 0 with it).</summary>
    public static ref byte Ref(ReadOnlySpan<byte> span) =>
        ref span.IsEmpty ? ref OneByte[0] : ref MemoryMarshal.GetReference(span);

    /// <summary>Appends <paramref name="length"/> bytes at <paramref name="source"/> to <paramref name="writer"/>, one copy when the writer is array-backed.</summary>
    public static void CopyTo(nint source, int length, IBufferWriter<byte> writer)
    {
        if (length == 0) return;
        var memory = writer.GetMemory(length);
        if (MemoryMarshal.TryGetArray<byte>(memory, out var segment))
        {
            Marshal.Copy(source, segment.Array!, segment.Offset, length);
            writer.Advance(length);
            return;
        }
        var tmp = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Marshal.Copy(source, tmp, 0, length);
            writer.Write(tmp.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
    }

    /// <summary>Copies into <paramref name="buffer"/>, growing it (doubling) when too small; returns the copied length.</summary>
    public static int CopyTo(nint source, int length, ref byte[] buffer)
    {
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
        if (length > 0) Marshal.Copy(source, buffer, 0, length);
        return length;
    }

    /// <summary>An unmanaged copy of <paramref name="bytes"/> (at least one byte allocated); free with <see cref="Marshal.FreeHGlobal"/>.</summary>
    public static nint AllocCopy(ReadOnlySpan<byte> bytes)
    {
        var p = Marshal.AllocHGlobal(Math.Max(1, bytes.Length));
        if (!bytes.IsEmpty)
        {
            var tmp = bytes.ToArray();
            Marshal.Copy(tmp, 0, p, tmp.Length);
        }
        return p;
    }
}

using System.Buffers.Binary;
using Google.Protobuf;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Transport;

/// <summary>
/// TCP framing: <c>length u32 little-endian | protobuf Frame</c>. A frame above
/// <see cref="MaxFrameBytes"/> is a protocol error (it names the length), not an allocation.
/// </summary>
public static class FrameCodec
{
    /// <summary>Largest accepted frame body (64 MiB); a bigger length prefix is refused as a protocol error.</summary>
    public const int MaxFrameBytes = 64 << 20;

    /// <summary>Writes <paramref name="frame"/> with its length prefix in one write.</summary>
    public static async ValueTask WriteAsync(Stream stream, Frame frame, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(frame);
        var size = frame.CalculateSize();
        var buffer = new byte[4 + size];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)size);
        frame.WriteTo(buffer.AsSpan(4));
        await stream.WriteAsync(buffer, ct).ConfigureAwait(false);
    }

    /// <summary>Reads one frame; null on a clean end of stream between frames.</summary>
    public static async ValueTask<Frame?> ReadAsync(Stream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[4];
        var got = await ReadFullyAsync(stream, header, ct).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < 4) throw new InvalidDataException("connection closed inside a frame header");
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (size > MaxFrameBytes) throw new InvalidDataException($"frame of {size} bytes exceeds the limit of {MaxFrameBytes}");
        var body = new byte[size];
        if (await ReadFullyAsync(stream, body, ct).ConfigureAwait(false) < size) throw new InvalidDataException($"connection closed inside a frame of {size} bytes");
        return Frame.Parser.ParseFrom(body);
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0) return read;
            read += n;
        }
        return read;
    }
}

using System.Buffers.Binary;

namespace Workbench.Sql.Protocol;

/// <summary>
/// MySQL packet framing over a stream: 3-byte little-endian length, 1-byte sequence id, payload;
/// payloads of 0xFFFFFF bytes continue in the next packet. A received payload above
/// <see cref="MaxPayload"/> or a sequence id out of order is a <see cref="ProtocolException"/>.
/// Writes are buffered until <see cref="FlushAsync"/>; reads go through a buffer, so a small
/// command costs one receive, not one for the header and one for the payload. With
/// <c>blocking</c> the stream is read and written synchronously and every returned task is already
/// complete: the connection's loop then runs on its own thread without thread-pool hops (each
/// request would otherwise wake the socket engine's thread and then a pool worker). One reader and
/// one writer at a time (the connection loop).
/// </summary>
internal sealed class PacketChannel(Stream stream, int maxPayload, bool blocking = false)
{
    private const int MaxChunk = 0xFFFFFF;
    private readonly Stream _stream = stream;
    private readonly byte[] _header = new byte[4];
    private readonly byte[] _in = new byte[16384];
    private int _inStart, _inEnd;
    private byte[] _out = new byte[16384];
    private int _outLength;

    public byte Sequence { get; set; }
    public int MaxPayload { get; } = maxPayload;

    /// <summary>The next payload, or null at a clean end of stream between packets.</summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken ct)
    {
        byte[]? result = null;
        int total = 0;
        while (true)
        {
            if (!await ReadExactAsync(_header, 0, 4, ct, allowEof: result is null).ConfigureAwait(false)) return null;
            int len = _header[0] | (_header[1] << 8) | (_header[2] << 16);
            byte seq = _header[3];
            if (seq != Sequence) throw new ProtocolException($"packet sequence id {seq}, expected {Sequence}");
            Sequence++;
            if (total + (long)len > MaxPayload) throw new ProtocolException($"packet of more than {MaxPayload} bytes (max_allowed_packet)");
            if (result is null) result = new byte[len];
            else Array.Resize(ref result, total + len);
            await ReadExactAsync(result, total, len, ct, allowEof: false).ConfigureAwait(false);
            total += len;
            if (len < MaxChunk) return result;
        }
    }

    private async ValueTask<bool> ReadExactAsync(byte[] buf, int offset, int count, CancellationToken ct, bool allowEof)
    {
        int read = 0;
        while (read < count)
        {
            if (_inStart < _inEnd)
            {
                int take = Math.Min(count - read, _inEnd - _inStart);
                Buffer.BlockCopy(_in, _inStart, buf, offset + read, take);
                _inStart += take;
                read += take;
                continue;
            }
            int n;
            if (count - read >= _in.Length)
            {
                // A large payload goes straight into its array.
                n = blocking ? _stream.Read(buf, offset + read, count - read) : await _stream.ReadAsync(buf.AsMemory(offset + read, count - read), ct).ConfigureAwait(false);
                if (n > 0) { read += n; continue; }
            }
            else
            {
                n = blocking ? _stream.Read(_in, 0, _in.Length) : await _stream.ReadAsync(_in.AsMemory(), ct).ConfigureAwait(false);
                _inStart = 0;
                _inEnd = Math.Max(n, 0);
                if (n > 0) continue;
            }
            if (allowEof && read == 0) return false;
            throw new ProtocolException("connection closed in the middle of a packet");
        }
        return true;
    }

    public void Write(ReadOnlySpan<byte> payload)
    {
        do
        {
            int chunk = Math.Min(payload.Length, MaxChunk);
            Ensure(4 + chunk);
            var h = _out.AsSpan(_outLength, 4);
            h[0] = (byte)chunk; h[1] = (byte)(chunk >> 8); h[2] = (byte)(chunk >> 16); h[3] = Sequence++;
            payload[..chunk].CopyTo(_out.AsSpan(_outLength + 4));
            _outLength += 4 + chunk;
            bool full = chunk == MaxChunk;
            payload = payload[chunk..];
            if (!full) break;
            if (payload.Length == 0) { Ensure(4); BinaryPrimitives.WriteUInt32LittleEndian(_out.AsSpan(_outLength), (uint)Sequence++ << 24); _outLength += 4; break; }
        } while (true);
    }

    private void Ensure(int n)
    {
        if (_outLength + n > _out.Length) Array.Resize(ref _out, Math.Max(_out.Length * 2, _outLength + n));
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_outLength == 0) return;
        if (blocking) _stream.Write(_out, 0, _outLength);
        else await _stream.WriteAsync(_out.AsMemory(0, _outLength), ct).ConfigureAwait(false);
        _outLength = 0;
        if (_out.Length > 1 << 20) _out = new byte[16384];
    }
}

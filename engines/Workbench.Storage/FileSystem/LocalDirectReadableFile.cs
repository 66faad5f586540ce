using Microsoft.Win32.SafeHandles;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// A read-only file opened with O_DIRECT (<see cref="ReadMode.Direct"/>): the page cache is bypassed,
/// so each <see cref="ReadAt"/> is a device read (Linux first writes back dirty cached pages of the
/// range, so bytes another handle wrote and flushed are seen). O_DIRECT needs aligned offsets,
/// lengths and buffers, so a read covers the whole <see cref="DirectIo.Alignment"/>-aligned blocks
/// around the requested range, into the thread's <see cref="AlignedReadBuffer"/>, and copies the
/// range out. At end of file the kernel returns the partial last block; a read past it returns 0.
/// If the file system rejects a direct read (EINVAL), the file switches to a buffered descriptor for
/// good and the fallback is reported. Thread-safe (pread; the switch is published once).
/// </summary>
internal sealed class LocalDirectReadableFile : IReadableFile
{
    private const int Align = DirectIo.Alignment;
    private readonly SafeFileHandle _direct;
    private readonly Lock _switchLock = new();
    private SafeFileHandle? _buffered;

    private LocalDirectReadableFile(string path, SafeFileHandle direct)
    {
        Path = path;
        _direct = direct;
    }

    /// <summary>The direct-read file, or a buffered one (fallback reported) where O_DIRECT is refused.</summary>
    public static IReadableFile Open(string path)
    {
        var handle = DirectIo.TryOpen(path, out var reason);
        if (handle is not null) return new LocalDirectReadableFile(path, handle);
        var buffered = new LocalReadableFile(path); // throws FileNotFoundException etc. as a buffered open does
        DirectIo.ReportFallback(path, reason!);
        return buffered;
    }

    public string Path { get; }

    public long Length => RandomAccess.GetLength(_direct);

    public int ReadAt(long offset, Span<byte> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var buffered = Volatile.Read(ref _buffered);
        if (buffered is not null) return ReadBuffered(buffered, offset, buffer);
        var total = 0;
        while (total < buffer.Length)
        {
            var position = offset + total;
            var start = position & ~(long)(Align - 1);
            var skip = (int)(position - start);
            var want = Math.Min(buffer.Length - total, AlignedReadBuffer.MaxLength - skip);
            var aligned = AlignedReadBuffer.Get((skip + want + Align - 1) & ~(Align - 1));
            int got;
            try
            {
                got = ReadAligned(aligned, start);
            }
            catch (IOException e) when (DirectIo.IsRefusal(e))
            {
                return total + ReadBuffered(SwitchToBuffered(e), position, buffer[total..]);
            }
            if (got <= skip) break; // at or past the end of the file
            var n = Math.Min(got - skip, want);
            aligned.Slice(skip, n).CopyTo(buffer[total..]);
            total += n;
            if (n < want) break; // the end of the file fell inside this chunk
        }
        return total;
    }

    /// <summary>Fills <paramref name="dest"/> (aligned, a whole number of blocks) from <paramref name="offset"/>; short only at the end of the file.</summary>
    private int ReadAligned(Span<byte> dest, long offset)
    {
        var got = 0;
        while (got < dest.Length)
        {
            var n = RandomAccess.Read(_direct, dest[got..], offset + got);
            if (n == 0) break;
            got += n;
            if ((got & (Align - 1)) != 0) break; // a partial block comes only at the end of the file
        }
        return got;
    }

    private SafeFileHandle SwitchToBuffered(IOException refusal)
    {
        lock (_switchLock)
        {
            if (_buffered is null)
            {
                var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
                DirectIo.ReportFallback(Path, $"the file system refused a direct read ({refusal.Message})");
                Volatile.Write(ref _buffered, handle);
            }
            return _buffered;
        }
    }

    private static int ReadBuffered(SafeFileHandle handle, long offset, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    public void Dispose()
    {
        _direct.Dispose();
        lock (_switchLock) _buffered?.Dispose();
    }
}

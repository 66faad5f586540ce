using System.Buffers;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Read-ahead for one sequential reader (an iterator): one window per blob file (a scan over a
/// key range visits records of several blob files in turn). When a read starts exactly where the
/// previous read of the same file ended (the file's records are being consumed in order), the next
/// window is read in one IO, doubling from 16 KiB up to <see cref="MaxWindow"/>; any other read
/// (a jump, or a file whose keys the scan only samples) reads just the record and resets the
/// window. At most <see cref="MaxFiles"/> windows are kept. Window buffers (up to 256 KiB, large
/// object heap sized) are rented from <see cref="ArrayPool{T}.Shared"/> and returned when a window
/// grows, when the windows are dropped, and on <see cref="Dispose"/>; a span handed out by
/// <see cref="TryGet"/> is valid only until the next call. One thread.
/// </summary>
internal sealed class BlobReadAhead : IDisposable
{
    public const int MinWindow = 16 * 1024;
    public const int MaxWindow = 256 * 1024;
    public const int MaxFiles = 64;
    private readonly Dictionary<long, BlobReadAheadWindow> _windows = [];

    /// <summary>Number of IOs issued (for tests and stats).</summary>
    public long Reads { get; private set; }

    /// <summary>Bytes of pooled buffers the windows hold now (for tests).</summary>
    public long HeldBytes { get; private set; }

    public bool TryGet(BlobFileReader reader, long offset, int size, out ReadOnlySpan<byte> record)
    {
        record = default;
        if (!_windows.TryGetValue(reader.Number, out var w))
        {
            if (_windows.Count >= MaxFiles) Clear(); // a scan touching this many files gains little from old windows
            w = new BlobReadAheadWindow();
            _windows[reader.Number] = w;
        }
        if (w.Length > 0 && offset >= w.Start && offset + size <= w.Start + w.Length)
        {
            record = w.Buffer.AsSpan((int)(offset - w.Start), size);
            w.LastEnd = offset + size;
            return true;
        }
        if (offset != w.LastEnd)
        {
            // Not the record right after the previous one (a jump, or keys of this file that the
            // scan skips): reading ahead would fetch bytes nobody wants. The caller reads just the
            // record, and the window starts small again.
            w.Size = MinWindow;
            w.LastEnd = offset + size;
            return false;
        }
        var want = Math.Max(size, w.Size);
        if (w.Buffer.Length < want)
        {
            Release(w);
            w.Buffer = ArrayPool<byte>.Shared.Rent(want);
            HeldBytes += w.Buffer.Length;
        }
        var n = reader.ReadRaw(offset, w.Buffer.AsSpan(0, want));
        Reads++;
        w.Start = offset;
        w.Length = n;
        w.LastEnd = offset + size;
        w.Size = Math.Min(w.Size * 2, MaxWindow);
        if (n < size) return false;
        record = w.Buffer.AsSpan(0, size);
        return true;
    }

    /// <summary>Drops every window and returns its buffer to the pool.</summary>
    private void Clear()
    {
        foreach (var w in _windows.Values) Release(w);
        _windows.Clear();
    }

    private void Release(BlobReadAheadWindow w)
    {
        if (w.Buffer.Length == 0) return;
        HeldBytes -= w.Buffer.Length;
        ArrayPool<byte>.Shared.Return(w.Buffer);
        w.Buffer = [];
        w.Length = 0;
    }

    /// <summary>Returns every buffer to the pool; the read-ahead may be used again afterwards (it starts empty).</summary>
    public void Dispose() => Clear();
}

namespace Workbench.Storage.Lsm;

/// <summary>
/// Read-ahead for one sequential reader (an iterator): one window per blob file (a scan over a
/// key range visits records of several blob files in turn, each file moving forward). When a read
/// falls at or after the previous one in the same file, the next window is read in one IO,
/// doubling from 16 KiB up to <see cref="MaxWindow"/>; a backward jump reads just the record and
/// resets the window size. At most <see cref="MaxFiles"/> windows are kept. One thread.
/// </summary>
internal sealed class BlobReadAhead
{
    public const int MinWindow = 16 * 1024;
    public const int MaxWindow = 256 * 1024;
    public const int MaxFiles = 16;
    private readonly Dictionary<long, BlobReadAheadWindow> _windows = [];

    /// <summary>Number of IOs issued (for tests and stats).</summary>
    public long Reads { get; private set; }

    public bool TryGet(BlobFileReader reader, long offset, int size, out ReadOnlySpan<byte> record)
    {
        record = default;
        if (!_windows.TryGetValue(reader.Number, out var w))
        {
            if (_windows.Count >= MaxFiles) _windows.Clear(); // a scan touching this many files gains little from old windows
            w = new BlobReadAheadWindow();
            _windows[reader.Number] = w;
        }
        if (w.Length > 0 && offset >= w.Start && offset + size <= w.Start + w.Length)
        {
            record = w.Buffer.AsSpan((int)(offset - w.Start), size);
            w.LastOffset = offset;
            return true;
        }
        if (w.LastOffset >= 0 && offset < w.LastOffset)
        {
            // Backward jump: no read-ahead, the caller reads just the record.
            w.Size = MinWindow;
            w.LastOffset = offset;
            return false;
        }
        var want = Math.Max(size, w.Size);
        if (w.Buffer.Length < want) w.Buffer = new byte[want];
        var n = reader.ReadRaw(offset, w.Buffer.AsSpan(0, want));
        Reads++;
        w.Start = offset;
        w.Length = n;
        w.LastOffset = offset;
        w.Size = Math.Min(w.Size * 2, MaxWindow);
        if (n < size) return false;
        record = w.Buffer.AsSpan(0, size);
        return true;
    }
}

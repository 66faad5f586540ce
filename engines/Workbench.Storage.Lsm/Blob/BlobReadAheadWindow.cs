namespace Workbench.Storage.Lsm.Blob;

/// <summary>The read-ahead state of one blob file inside a <see cref="BlobReadAhead"/>. One thread.</summary>
internal sealed class BlobReadAheadWindow
{
    public byte[] Buffer { get; set; } = [];
    public long Start { get; set; }
    public int Length { get; set; }
    /// <summary>End offset of the last record read from this file (-1: none yet).</summary>
    public long LastEnd { get; set; } = -1;
    public int Size { get; set; } = BlobReadAhead.MinWindow;
}

namespace Workbench.Storage.Lsm;

/// <summary>The read-ahead state of one blob file inside a <see cref="BlobReadAhead"/>. One thread.</summary>
internal sealed class BlobReadAheadWindow
{
    public byte[] Buffer { get; set; } = [];
    public long Start { get; set; }
    public int Length { get; set; }
    public long LastOffset { get; set; } = -1;
    public int Size { get; set; } = BlobReadAhead.MinWindow;
}

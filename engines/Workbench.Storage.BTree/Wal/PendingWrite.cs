namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// A writer waiting in the group-commit queue. The leader that takes it logs and applies the batch
/// and sets <see cref="Done"/>/<see cref="Error"/> (under the engine's write-path lock, which the
/// waiting writer takes before reading them).
/// </summary>
internal sealed class PendingWrite(WriteBatch batch, WriteOptions options)
{
    public WriteBatch Batch { get; } = batch;
    public WriteOptions Options { get; } = options;
    public bool Done { get; set; }
    public Exception? Error { get; set; }
}

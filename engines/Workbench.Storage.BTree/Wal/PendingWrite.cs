using Workbench.Storage.Batch;
using Workbench.Storage.Contract;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// A writer waiting in the group-commit queue. The leader that takes it logs and applies the batch
/// and sets <see cref="Error"/> and <see cref="Done"/> under the queue's monitor, which the waiting
/// writer holds when it reads them.
/// </summary>
internal sealed class PendingWrite(WriteBatch batch, WriteOptions options)
{
    public WriteBatch Batch { get; } = batch;
    public WriteOptions Options { get; } = options;
    public bool Done { get; set; }
    public Exception? Error { get; set; }
}

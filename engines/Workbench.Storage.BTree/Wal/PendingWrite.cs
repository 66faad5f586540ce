using Workbench.Storage.Batch;
using Workbench.Storage.Concurrency;
using Workbench.Storage.Contract;

namespace Workbench.Storage.BTree.Wal;

/// <summary>
/// A writer waiting in the group-commit queue (<see cref="GroupCommitQueue{T}"/>). The leader that
/// takes it logs and applies the batch; a failure reaches this writer through
/// <see cref="GroupCommitWriter.Error"/>. The queue's own fields are <see cref="GroupCommitWriter"/>'s.
/// </summary>
internal sealed class PendingWrite(WriteBatch batch, WriteOptions options) : GroupCommitWriter
{
    public WriteBatch Batch { get; } = batch;
    public WriteOptions Options { get; } = options;
}

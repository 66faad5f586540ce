namespace Workbench.Storage.BTree.WritePath;

/// <summary>
/// One write's time split into the parts of the write path (Stopwatch ticks), filled by the engine
/// on the writer's thread and classified by <see cref="WriteStallProfile.Note"/>. The pool parts
/// come from <see cref="BufferPool.PageCache"/>'s per-thread counters, so time the page cleaner or
/// a checkpoint spends never lands on a writer.
/// </summary>
internal struct WriteParts
{
    public long Total;
    public long WriteStop;
    public long Queue;
    public long Wal;
    public long TreeLock;
    public long Apply; // includes PoolLock, WriteBack and PageRead
    public long PoolLock;
    public long WriteBack;
    public long PageRead;
    public long Gc;
}

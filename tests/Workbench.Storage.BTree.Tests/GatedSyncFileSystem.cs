using Workbench.Storage.FileSystem;
using Workbench.Testing.FileSystems;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// A file system whose syncs of some files can be held at a gate: while <see cref="Hold"/> is on, a Sync of
/// a path containing <c>pathContains</c> ("wal-" by default: the logs) blocks until <see cref="Release"/>. Lets a test line up writers behind a
/// slow fsync deterministically (waiting on conditions, not on time).
/// </summary>
internal sealed class GatedSyncFileSystem(IFileSystem inner, string pathContains = "wal-") : WrappingFileSystem(inner)
{
    private readonly ManualResetEventSlim _open = new(true);
    private int _blocked;
    private bool _timedOut;

    /// <summary>A held sync waited 30 s without a <see cref="Release"/> and was let through.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut);

    /// <summary>Syncs currently held at the gate.</summary>
    public int Blocked => Volatile.Read(ref _blocked);

    public void Hold() => _open.Reset();
    public void Release() => _open.Set();

    private void Gate(string path)
    {
        if (!path.Contains(pathContains, StringComparison.Ordinal)) return;
        Interlocked.Increment(ref _blocked);
        try
        {
            // A held sync runs on an engine's background thread, where an exception would end the test
            // process: on timeout let the sync through and record it for the test to assert on.
            if (!_open.Wait(TimeSpan.FromSeconds(30))) Volatile.Write(ref _timedOut, true);
        }
        finally
        {
            Interlocked.Decrement(ref _blocked);
        }
    }

    protected override IWritableFile Wrap(IWritableFile file) => new File(this, file);

    private sealed class File(GatedSyncFileSystem fs, IWritableFile f) : WrappingWritableFile(f)
    {
        public override void Sync()
        {
            fs.Gate(Path);
            Inner.Sync();
        }
    }
}

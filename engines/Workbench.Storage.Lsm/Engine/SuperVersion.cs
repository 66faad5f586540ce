using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// What a read of one column family needs, captured together: the mutable memtable, the immutable
/// ones (newest first) and the file version. Immutable; reference-counted so the version (and so
/// its files) stays alive while any reader or iterator holds it. Acquired under the engine's
/// super-version lock, released anywhere.
/// </summary>
internal sealed class SuperVersion
{
    private int _refs = 1;

    public SuperVersion(Memtable mem, Memtable[] immutables, LsmVersion version)
    {
        Mem = mem;
        Immutables = immutables;
        Version = version;
        version.Ref();
        mem.Ref();
        foreach (var m in immutables) m.Ref();
    }

    public Memtable Mem { get; }
    public Memtable[] Immutables { get; }
    public LsmVersion Version { get; }

    public void Ref() => Interlocked.Increment(ref _refs);

    public void Unref()
    {
        if (Interlocked.Decrement(ref _refs) != 0) return;
        Version.Unref();
        Mem.Unref();
        foreach (var m in Immutables) m.Unref();
    }
}

using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Testing.FileSystems;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>
/// Test wrapper over another file system: can hold back the creation of files whose name ends with
/// a suffix (the creating thread waits until <see cref="Release"/>), can fail creations with any exception, can be cut off (every later call
/// fails, as the old engine's IO after a simulated crash must not reach the "rebooted" disk), and
/// logs creations, writes, deletes, directory syncs and renames in order (<see cref="Events"/>). Thread-safe.
/// </summary>
internal sealed class GatedFileSystem(IFileSystem inner) : WrappingFileSystem(inner)
{
    private readonly ManualResetEventSlim _gate = new(true);
    private readonly List<string> _events = [];
    private string? _blockedSuffix;
    private volatile bool _cutOff;

    /// <summary>When set, asked on every file creation: a non-null exception is thrown instead of creating the file.</summary>
    public Func<string, WriteCategory, Exception?>? FailCreate { get; set; }

    /// <summary>Creations of files ending with <paramref name="suffix"/> wait from now on until <see cref="Release"/>.</summary>
    public void Block(string suffix)
    {
        _blockedSuffix = suffix;
        _gate.Reset();
    }

    public void Release() => _gate.Set();

    /// <summary>From now on every call fails with an IOException.</summary>
    public void CutOff() => _cutOff = true;

    public string[] Events()
    {
        lock (_events) return [.. _events];
    }

    internal void Log(string e)
    {
        lock (_events) _events.Add(e);
    }

    internal void Check(string path)
    {
        if (_cutOff) throw new IOException($"{path}: file system cut off (simulated crash)");
    }

    public override IWritableFile CreateFile(string path, WriteCategory category)
    {
        var suffix = _blockedSuffix;
        if (suffix is not null && path.EndsWith(suffix, StringComparison.Ordinal) && !_gate.IsSet)
            if (!_gate.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException($"{path}: gate never released");
        Check(path);
        if (FailCreate?.Invoke(path, category) is { } failure) throw failure;
        Log("create " + path);
        return new GatedFile(this, Inner.CreateFile(path, category));
    }

    public override IWritableFile OpenWritable(string path, WriteCategory category)
    {
        Check(path);
        return new GatedFile(this, Inner.OpenWritable(path, category));
    }

    public override IReadableFile OpenRead(string path)
    {
        Check(path);
        return Inner.OpenRead(path);
    }

    public override void DeleteFile(string path)
    {
        Check(path);
        Log("delete " + path);
        Inner.DeleteFile(path);
    }

    public override void RenameFile(string source, string destination)
    {
        Check(source);
        Log($"rename {source} {destination}");
        Inner.RenameFile(source, destination);
    }

    public override void CreateDirectory(string path)
    {
        Check(path);
        Inner.CreateDirectory(path);
    }

    public override void SyncDirectory(string directory)
    {
        Check(directory);
        Log("syncdir " + directory);
        Inner.SyncDirectory(directory);
    }

    public override void DeleteDirectory(string path)
    {
        Check(path);
        Inner.DeleteDirectory(path);
    }
}

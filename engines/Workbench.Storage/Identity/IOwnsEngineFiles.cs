namespace Workbench.Storage.Identity;

/// <summary>
/// Implemented by an engine factory whose engine adopted <see cref="EngineIdentity"/>: the name its
/// directories carry and which file names it writes, so a harness can destroy one of its databases
/// (db_bench's DestroyDB) without touching anything else. A factory that does not implement it gets
/// no files deleted on its behalf (a non-empty directory is refused).
/// </summary>
public interface IOwnsEngineFiles
{
    /// <summary>The engine name written into <see cref="EngineIdentity.FileName"/> (a format family: e.g. "rocksdb" for rocksdb and rocksdb-blob).</summary>
    string IdentityName { get; }

    /// <summary>Whether <paramref name="fileName"/> (a name, not a path) is one this engine writes in its directory.</summary>
    bool OwnsFile(string fileName);
}

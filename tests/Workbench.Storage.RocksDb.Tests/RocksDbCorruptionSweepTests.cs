using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// The corruption sweep over RocksDB's own files (CURRENT, MANIFEST, SSTs, WAL; blob files for
/// rocksdb-blob). RocksDB does its own IO, so every build and case runs in a temp directory on
/// local disk, and the wal-only build closes without a flush (RocksDB's close does not flush a
/// memtable whose writes are in the WAL) instead of a simulated crash. RocksDB's info LOG, LOCK,
/// IDENTITY and OPTIONS files are copied but not damaged: they are not part of its recovery
/// guarantees. Where RocksDB's documented behaviour breaks a sweep rule, <see cref="DocumentedException"/>
/// says so case by case (docs/corruption-sweep.md).
/// </summary>
public abstract class RocksDbCorruptionSweepTestsBase(ITestOutputHelper output) : CorruptionSweepTests(output)
{
    protected abstract string Engine { get; }

    protected override string EngineName => Engine;

    protected override bool IoThroughFileSystem => false;

    protected override IFileSystem NewStore(out string directory)
    {
        directory = Path.Combine(Path.GetTempPath(), "workbench-rocksdb-sweep-" + Guid.NewGuid().ToString("N"));
        return LocalFileSystem.Instance;
    }

    protected override void ReleaseStore(IFileSystem fs, string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // leftovers in /tmp are harmless
        }
    }

    protected override IKvEngine Open(IFileSystem fs, string directory) =>
        RocksDbTestEngines.Registry().Open(new EngineConfig(Engine, RocksDbTestEngines.SmallOptions(Engine)), directory, fs, [ColumnFamilyDescriptor.Default]);

    protected override string? FileKind(string fileName) =>
        fileName.EndsWith(".sst", StringComparison.Ordinal) ? "sst"
        : fileName.EndsWith(".log", StringComparison.Ordinal) ? "wal"
        : fileName.EndsWith(".blob", StringComparison.Ordinal) ? "blob"
        : fileName.StartsWith("MANIFEST-", StringComparison.Ordinal) ? "MANIFEST"
        : fileName == "CURRENT" ? "CURRENT"
        : fileName == EngineIdentity.FileName ? "identity"
        : null;

    protected override IReadOnlySet<string> DataKinds { get; } = new HashSet<string> { "sst", "wal", "blob" };

    /// <summary>RocksDB 11.12's documented behaviour where it breaks a sweep rule (never for a wrong value or a hole).</summary>
    protected override string? DocumentedException(string build, string kind, string damage) => (kind, damage) switch
    {
        ("wal", "delete") =>
            "RocksDB does not record live WALs in the MANIFEST (track_and_verify_wals_in_manifest is off), so a deleted WAL cannot be noticed: its writes are lost silently",
        ("wal", _) =>
            "point-in-time recovery (RocksDB's default wal_recovery_mode) replays the WAL up to the first bad record, so damage in the first record recovers an empty prefix without an error",
        ("MANIFEST", "truncate-half") =>
            "RocksDB reads a MANIFEST cut short as ending at its last whole record, opens the older version it describes, and deletes the newer SSTs and WAL as obsolete: the newest writes are lost without an error",
        ("blob", not "delete") =>
            "RocksDB's blob-file corruption errors name no file (e.g. 'Error while decoding blob record: Header CRC mismatch')",
        _ => null,
    };
}

public sealed class RocksDbCorruptionSweepTests(ITestOutputHelper output) : RocksDbCorruptionSweepTestsBase(output)
{
    protected override string Engine => RocksDbEngineFactory.EngineName;
}

public sealed class RocksDbBlobCorruptionSweepTests(ITestOutputHelper output) : RocksDbCorruptionSweepTestsBase(output)
{
    protected override string Engine => RocksDbBlobEngineFactory.EngineName;
}

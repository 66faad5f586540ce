using Workbench.Storage.Conformance;
using Xunit.Abstractions;

namespace Workbench.Storage.BTree.Tests;

/// <summary>The corruption sweep over the btree engine's files (4 KiB pages, checkpoints every 32 KiB of log).</summary>
public sealed class BTreeCorruptionSweepTests(ITestOutputHelper output) : CorruptionSweepTests(output)
{
    protected override string EngineName => "btree";

    protected override IKvEngine Open(IFileSystem fs, string directory) => BTreeTestEngines.Open(fs, directory);

    protected override string? FileKind(string fileName) =>
        fileName == BTreeEngine.PageFileName ? "page file"
        : fileName.StartsWith("wal-", StringComparison.Ordinal) ? "wal"
        : fileName == EngineIdentity.FileName ? "identity"
        : null;

    protected override IReadOnlySet<string> DataKinds { get; } = new HashSet<string> { "page file", "wal" };

    // A known gap, not a documented guarantee: found by this sweep (seed 656462122). Nothing durable names
    // the newest log (each open starts a new one; only a checkpoint's meta page names the first log to
    // replay), so deleting the newest log loses its batches without an error. The fix is a durable
    // pointer to the newest log (e.g. a successor record appended to the previous log once the new one
    // is synced); until then this row is reported as a gap and issue 20 stays open.
    protected override string? DocumentedException(string build, string kind, string damage) => (kind, damage) switch
    {
        ("wal", "delete") => "KNOWN GAP in btree: no durable record names the newest log, so deleting it loses its batches silently (to be fixed)",
        _ => null,
    };
}

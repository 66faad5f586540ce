using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lsm.Tests.Blob;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>The corruption sweep over the lsm engine's files (small sizes: several tables, one manifest).</summary>
public sealed class LsmCorruptionSweepTests(ITestOutputHelper output) : CorruptionSweepTests(output)
{
    protected override string EngineName => "lsm";

    protected override IKvEngine Open(IFileSystem fs, string directory) => LsmTestEngines.Open(fs, directory);

    protected override string? FileKind(string fileName) => LsmFileKinds.Of(fileName);

    protected override IReadOnlySet<string> DataKinds { get; } = new HashSet<string> { "sst", "log" };
}

/// <summary>The sweep over titan's files: the lsm's plus blob files and the blob manifest.</summary>
public sealed class TitanCorruptionSweepTests(ITestOutputHelper output) : CorruptionSweepTests(output)
{
    protected override string EngineName => "titan";

    protected override IKvEngine Open(IFileSystem fs, string directory) =>
        TitanTestEngines.Open(fs, directory, overrides: new() { ["min_blob_size"] = "512", ["blob_gc_background"] = "false" });

    protected override string? FileKind(string fileName) => LsmFileKinds.Of(fileName);

    protected override IReadOnlySet<string> DataKinds { get; } = new HashSet<string> { "sst", "log", "blob" };
}

internal static class LsmFileKinds
{
    public static string? Of(string name) =>
        name.EndsWith(".sst", StringComparison.Ordinal) ? "sst"
        : name.EndsWith(".log", StringComparison.Ordinal) ? "log"
        : name.EndsWith(".blob", StringComparison.Ordinal) ? "blob"
        : name.StartsWith("BLOBMANIFEST-", StringComparison.Ordinal) ? "BLOBMANIFEST"
        : name.StartsWith("MANIFEST-", StringComparison.Ordinal) ? "MANIFEST"
        : name == "CURRENT" ? "CURRENT"
        : name == EngineIdentity.FileName ? "identity"
        : null;
}

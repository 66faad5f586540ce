using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Memory;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.Tests.Memory;

/// <summary>The corruption sweep over the durable memory engine's log, checkpoint and identity file.</summary>
public sealed class DurableMemoryCorruptionSweepTests(ITestOutputHelper output) : CorruptionSweepTests(output)
{
    protected override string EngineName => "memory (durable)";

    protected override IKvEngine Open(IFileSystem fs, string directory) =>
        new EngineRegistry().Register(new MemoryEngineFactory())
            .Open(new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" }), directory, fs, ["default"]);

    protected override string? FileKind(string fileName) =>
        fileName == "memory.wal" ? "wal"
        : fileName == "memory.snapshot" ? "snapshot"
        : fileName == EngineIdentity.FileName ? "identity"
        : null;

    protected override IReadOnlySet<string> DataKinds { get; } = new HashSet<string> { "wal", "snapshot" };
}

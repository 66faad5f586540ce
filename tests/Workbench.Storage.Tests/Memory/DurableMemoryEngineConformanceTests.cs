using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.Tests.Memory;

/// <summary>The memory engine with durable=true passes the whole suite, crash simulation included.</summary>
public sealed class DurableMemoryEngineConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        new EngineRegistry().RegisterBuiltIns().Open(
            new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" }), directory, fileSystem, columnFamilies);
}

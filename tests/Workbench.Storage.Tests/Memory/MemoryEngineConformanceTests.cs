using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.Tests.Memory;

/// <summary>The memory engine in its default volatile mode passes the core suite.</summary>
public sealed class VolatileMemoryEngineConformanceTests(ITestOutputHelper output) : EngineConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        new EngineRegistry().RegisterBuiltIns().Open(new EngineConfig("memory"), directory, fileSystem, columnFamilies);
}

using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.RocksDb.Tests.Conformance;

/// <summary>"rocksdb-blob" (values of 16 bytes and more in blob files) passes the core and persistence suites.</summary>
public sealed class RocksDbBlobConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        RocksDbTestEngines.Registry().Open(new EngineConfig(RocksDbBlobEngineFactory.EngineName, RocksDbTestEngines.SmallOptions(RocksDbBlobEngineFactory.EngineName)), directory, fileSystem, columnFamilies);
}

using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Storage.RocksDb.Tests.Conformance;

/// <summary>"rocksdb" passes the core and persistence suites (crash simulation does not apply: RocksDB does its own IO; see RocksDbKillTests).</summary>
public sealed class RocksDbConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        RocksDbTestEngines.Registry().Open(new EngineConfig(RocksDbEngineFactory.EngineName, RocksDbTestEngines.SmallOptions(RocksDbEngineFactory.EngineName)), directory, fileSystem, columnFamilies);
}

using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Xunit.Abstractions;

namespace Workbench.Storage.Lmdb.Tests;

/// <summary>kill -9 of a child writing synced batches to "lmdb" (with a 1 MiB initial map, so the map grows while it is killed).</summary>
public sealed class LmdbKillTests(ITestOutputHelper output) : KillConformanceTests(output)
{
    protected override string EngineName => LmdbEngineFactory.EngineName;

    protected override string ChildDll => PeersChildDll("Workbench.Storage.Lmdb.Tests");

    protected override IKvEngine OpenForVerify(string directory) => LmdbTestEngines.Open(directory, ["default", "other"]);
}

using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Xunit.Abstractions;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>kill -9 of a child writing synced batches to "litedb" (small checkpoint size, so checkpoints run while it is killed).</summary>
public sealed class LiteDbKillTests(ITestOutputHelper output) : KillConformanceTests(output)
{
    protected override string EngineName => LiteDbEngineFactory.EngineName;

    protected override string ChildDll => PeersChildDll("Workbench.Storage.LiteDb.Tests");

    protected override IKvEngine OpenForVerify(string directory) => LiteDbTestEngines.Open(directory, ["default", "other"]);
}

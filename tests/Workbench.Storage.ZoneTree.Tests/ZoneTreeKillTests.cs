using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Xunit.Abstractions;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>kill -9 of a child writing synced batches to "zonetree" (small mutable segments, so merges run while it is killed).</summary>
public sealed class ZoneTreeKillTests(ITestOutputHelper output) : KillConformanceTests(output)
{
    protected override string EngineName => ZoneTreeEngineFactory.EngineName;

    protected override string ChildDll => PeersChildDll("Workbench.Storage.ZoneTree.Tests");

    protected override IKvEngine OpenForVerify(string directory) => ZoneTreeTestEngines.Open(directory, ["default", "other"]);
}

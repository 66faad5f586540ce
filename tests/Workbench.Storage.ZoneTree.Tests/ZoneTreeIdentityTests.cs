using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.Identity;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>The zonetree engine writes the engine identity file at creation and refuses another engine's directory.</summary>
public sealed class ZoneTreeIdentityTests : IdentityConformanceTests
{
    protected override string IdentityName => "zonetree";

    protected override IKvEngine Open(string directory) => ZoneTreeTestEngines.Open(directory, ["default"]);

    // A flush makes ZoneTree write every file kind it has, so the ownership check below sees them all.
    protected override void AfterFirstWrite(IKvEngine engine) => engine.Flush();

    // Every top-level file the build wrote is one the engine owns (so a directory from before identity files is accepted).
    protected override void CheckOwnFiles(string directory)
    {
        foreach (var f in Directory.GetFiles(directory))
            Assert.True(Path.GetFileName(f) == EngineIdentity.FileName || ZoneTreeEngineFactory.OwnsZoneTreeFile(Path.GetFileName(f)), f);
    }
}

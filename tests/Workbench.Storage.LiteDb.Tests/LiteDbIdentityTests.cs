using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>The litedb engine writes the engine identity file at creation and refuses another engine's directory.</summary>
public sealed class LiteDbIdentityTests : IdentityConformanceTests
{
    protected override string IdentityName => "litedb";

    protected override IKvEngine Open(string directory) => LiteDbTestEngines.Open(directory, ["default"]);
}

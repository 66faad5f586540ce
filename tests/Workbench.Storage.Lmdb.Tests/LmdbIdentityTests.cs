using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;

namespace Workbench.Storage.Lmdb.Tests;

/// <summary>The lmdb engine writes the engine identity file at creation and refuses another engine's directory.</summary>
public sealed class LmdbIdentityTests : IdentityConformanceTests
{
    protected override string IdentityName => "lmdb";

    protected override IKvEngine Open(string directory) => LmdbTestEngines.Open(directory, ["default"]);
}

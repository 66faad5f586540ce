namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>The zonetree engine writes the engine identity file at creation and refuses another engine's directory.</summary>
public sealed class ZoneTreeIdentityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-zonetree-identity-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // leftovers in /tmp are harmless
        }
    }

    [Fact]
    public void Another_engines_directory_is_refused_and_its_own_reopens()
    {
        var own = Path.Combine(_root, "own");
        using (var e = ZoneTreeTestEngines.Open(own, ["default"]))
        {
            e.Put(e.DefaultColumnFamily(), "k"u8, "v"u8, WriteOptions.Synced);
            e.Flush();
        }
        Assert.Equal(("zonetree", 1), EngineIdentity.Read(LocalFileSystem.Instance, Path.Combine(own, EngineIdentity.FileName)));
        using (var e = ZoneTreeTestEngines.Open(own, ["default"]))
            Assert.Equal("v"u8.ToArray(), e.Get(e.DefaultColumnFamily(), "k"u8));

        // Every top-level file the build wrote is one the engine owns (so a directory from before identity files is accepted).
        foreach (var f in Directory.GetFiles(own))
            Assert.True(Path.GetFileName(f) == EngineIdentity.FileName || ZoneTreeEngineFactory.OwnsZoneTreeFile(Path.GetFileName(f)), f);

        // A directory another engine claimed (as the lsm engine's open does): refused, nothing created.
        var lsm = Path.Combine(_root, "lsm");
        EngineIdentity.Claim(LocalFileSystem.Instance, lsm, "lsm", 1, _ => false);
        var ex = Assert.Throws<EngineConfigException>(() => ZoneTreeTestEngines.Open(lsm, ["default"]));
        Assert.Contains("belongs to engine 'lsm'", ex.Message, StringComparison.Ordinal);
        Assert.Equal([EngineIdentity.FileName], Directory.GetFiles(lsm).Select(Path.GetFileName));

        // A directory of files the engine does not write: refused, untouched.
        var other = Path.Combine(_root, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "notes.txt"), "not a database");
        var ex2 = Assert.Throws<EngineConfigException>(() => ZoneTreeTestEngines.Open(other, ["default"]));
        Assert.Contains("notes.txt", ex2.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFiles(other).Select(Path.GetFileName));
    }
}

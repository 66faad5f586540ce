using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>The rocksdb engines write the engine identity file at creation and refuse another engine's directory.</summary>
public sealed class RocksDbIdentityTests
{
    [Theory]
    [InlineData(RocksDbEngineFactory.EngineName)]
    [InlineData(RocksDbBlobEngineFactory.EngineName)]
    public void Another_engines_directory_is_refused_and_its_own_reopens(string engine)
    {
        using var temp = new TempDirectory();
        var own = temp.Sub("own");
        using (var e = RocksDbTestEngines.Open(engine, own, ["default"]))
            e.Put(e.DefaultColumnFamily(), "k"u8, "v"u8, WriteOptions.Synced);
        Assert.Equal(("rocksdb", 1), EngineIdentity.Read(LocalFileSystem.Instance, Path.Combine(own, EngineIdentity.FileName)));
        using (var e = RocksDbTestEngines.Open(engine, own, ["default"]))
            Assert.Equal("v"u8.ToArray(), e.Get(e.DefaultColumnFamily(), "k"u8));

        // A directory another engine claimed (as the lsm engine's open does): refused, nothing created.
        var lsm = temp.Sub("lsm");
        EngineIdentity.Claim(LocalFileSystem.Instance, lsm, "lsm", 1, _ => false);
        var ex = Assert.Throws<EngineConfigException>(() => RocksDbTestEngines.Open(engine, lsm, ["default"]));
        Assert.Contains("belongs to engine 'lsm'", ex.Message, StringComparison.Ordinal);
        Assert.Equal([EngineIdentity.FileName], Directory.GetFiles(lsm).Select(Path.GetFileName));

        // A directory of files RocksDB does not write: refused, untouched.
        var other = temp.Sub("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "notes.txt"), "not a database");
        var ex2 = Assert.Throws<EngineConfigException>(() => RocksDbTestEngines.Open(engine, other, ["default"]));
        Assert.Contains("notes.txt", ex2.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFiles(other).Select(Path.GetFileName));
    }
}

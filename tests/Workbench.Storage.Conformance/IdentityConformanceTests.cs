using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;

namespace Workbench.Storage.Conformance;

/// <summary>
/// The engine identity file (engines/Workbench.Storage/Identity) for engines that do their own IO on
/// local disk: written at creation and read back on reopen; a directory another engine claimed, or
/// one holding files the engine does not write, is refused and left exactly as it was.
/// </summary>
public abstract class IdentityConformanceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-identity-" + Guid.NewGuid().ToString("N"));

    /// <summary>The name the engine writes into the identity file (format version 1).</summary>
    protected abstract string IdentityName { get; }

    /// <summary>Opens the engine on <paramref name="directory"/> with only the default column family.</summary>
    protected abstract IKvEngine Open(string directory);

    /// <summary>Runs after the first write, before close (e.g. a flush, so the library writes all its file kinds).</summary>
    protected virtual void AfterFirstWrite(IKvEngine engine) { }

    /// <summary>Checks the files a real build left in <paramref name="directory"/> (default: nothing more).</summary>
    protected virtual void CheckOwnFiles(string directory) { }

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
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Another_engines_directory_is_refused_and_its_own_reopens()
    {
        var own = Path.Combine(_root, "own");
        using (var e = Open(own))
        {
            e.Put(e.DefaultColumnFamily(), "k"u8, "v"u8, WriteOptions.Synced);
            AfterFirstWrite(e);
        }
        Assert.Equal((IdentityName, 1), EngineIdentity.Read(LocalFileSystem.Instance, Path.Combine(own, EngineIdentity.FileName)));
        using (var e = Open(own))
            Assert.Equal("v"u8.ToArray(), e.Get(e.DefaultColumnFamily(), "k"u8));
        CheckOwnFiles(own);

        // A directory another engine claimed (as the lsm engine's open does): refused, nothing created.
        var lsm = Path.Combine(_root, "lsm");
        EngineIdentity.Claim(LocalFileSystem.Instance, lsm, "lsm", 1, _ => false);
        var ex = Assert.Throws<EngineConfigException>(() => Open(lsm));
        Assert.Contains("belongs to engine 'lsm'", ex.Message, StringComparison.Ordinal);
        Assert.Equal([EngineIdentity.FileName], Directory.GetFiles(lsm).Select(Path.GetFileName));

        // A directory of files the engine does not write: refused, untouched.
        var other = Path.Combine(_root, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "notes.txt"), "not a database");
        var ex2 = Assert.Throws<EngineConfigException>(() => Open(other));
        Assert.Contains("notes.txt", ex2.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFiles(other).Select(Path.GetFileName));
    }
}

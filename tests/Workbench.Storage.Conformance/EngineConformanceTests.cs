using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.Conformance;

/// <summary>
/// The shared conformance suite every engine's test project derives from (core behaviour: CRUD,
/// batch atomicity across column families, iterator order and bounds with binary keys, snapshot
/// isolation under concurrent writes, a model-based randomized test, bad input). Engines that
/// persist derive from <see cref="PersistentEngineConformanceTests"/>; engines that do all IO through
/// <see cref="IFileSystem"/> from <see cref="CrashConformanceTests"/>.
///
/// A derived class implements <see cref="OpenEngine"/>; each test gets a fresh directory and file
/// system (in memory unless <see cref="UsesRealDisk"/>). Randomized tests print their seed and replay
/// it when the environment variable WORKBENCH_SEED is set.
/// </summary>
public abstract partial class EngineConformanceTests : IDisposable
{
    /// <summary>The column families every test opens: the three Percolator uses plus "raft".</summary>
    protected static readonly string[] ColumnFamilyNames = ["default", "lock", "write", "raft"];

    private readonly List<IKvEngine> _opened = [];
    private string? _realDirectory;

    protected EngineConformanceTests(ITestOutputHelper output)
    {
        Output = output;
        if (UsesRealDisk)
        {
            _realDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "workbench-conformance-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_realDirectory);
            FileSystem = LocalFileSystem.Instance;
            DataDirectory = System.IO.Path.Combine(_realDirectory, "db");
        }
        else
        {
            FileSystem = CreateInMemoryFileSystem();
            DataDirectory = "/db";
            FileSystem.CreateDirectory(DataDirectory);
        }
    }

    protected ITestOutputHelper Output { get; }

    /// <summary>The file system the engine under test is opened on (fresh per test).</summary>
    protected IFileSystem FileSystem { get; }

    /// <summary>The engine's directory (fresh per test).</summary>
    protected string DataDirectory { get; }

    /// <summary>True for engines that do their own IO (RocksDB): the test then uses a real temporary directory.</summary>
    protected virtual bool UsesRealDisk => false;

    /// <summary>Operations in the model-based randomized test; engines may lower it if they are slow.</summary>
    protected virtual int RandomizedOperationCount => 4000;

    /// <summary>
    /// Opens (or reopens) the engine under test on <paramref name="fileSystem"/> in <paramref name="directory"/>
    /// with the given column families. Use small memtable/page/cache sizes so that flushes and
    /// compactions happen within the tests.
    /// </summary>
    protected abstract IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies);

    protected virtual IFileSystem CreateInMemoryFileSystem() => new MemoryFileSystem();

    /// <summary>Opens the engine under test on this test's directory and remembers it for disposal.</summary>
    protected IKvEngine Open(IReadOnlyList<string>? columnFamilies = null)
    {
        var engine = OpenEngine(FileSystem, DataDirectory, columnFamilies ?? ColumnFamilyNames);
        _opened.Add(engine);
        return engine;
    }

    /// <summary>Disposes an engine, tolerating failures of an engine whose file system "crashed" under it.</summary>
    protected static void DisposeQuietly(IKvEngine engine)
    {
        try
        {
            engine.Dispose();
        }
        catch (Exception e) when (e is IOException or StorageException or ObjectDisposedException or InvalidOperationException)
        {
            // expected after a simulated crash: the engine's handles belong to a "dead process"
        }
    }

    public void Dispose()
    {
        foreach (var e in _opened) DisposeQuietly(e);
        _opened.Clear();
        if (_realDirectory is not null)
        {
            try
            {
                Directory.Delete(_realDirectory, recursive: true);
            }
            catch (IOException)
            {
                // leftovers in /tmp are harmless
            }
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The seed of a randomized test: WORKBENCH_SEED when set (replay), else a fresh one; printed either way.</summary>
    protected int TestSeed(string testName) => Workbench.Testing.Seeds.TestSeed.Fresh(Output, $"{GetType().Name}.{testName}");
}

using System.Globalization;
using Workbench.Storage.Registry;

namespace Workbench.Jepsen.Tests;

internal static class TestEngines
{
    public static EngineRegistry Registry()
    {
        var r = new EngineRegistry().RegisterBuiltIns();
        r.Register(new Workbench.Storage.Lsm.LsmEngineFactory());
        r.Register(new Workbench.Storage.Lsm.Blob.TitanEngineFactory());
        r.Register(new Workbench.Storage.BTree.BTreeEngineFactory());
        r.Register(new Workbench.Storage.RocksDb.RocksDbEngineFactory());
        return r;
    }

    /// <summary>Seeds of a randomized test: WORKBENCH_SEED alone if set, else WORKBENCH_JEPSEN_SEEDS (or <paramref name="count"/>) seeds from <paramref name="first"/>.</summary>
    public static IEnumerable<int> Seeds(int first, int count) => TestSeed.Range(first, count, "WORKBENCH_JEPSEN_SEEDS");
}

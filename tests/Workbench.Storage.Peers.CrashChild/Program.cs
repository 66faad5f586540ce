using System.Globalization;
using Workbench.Storage.Batch;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

// Test helper for the peer engines' kill -9 tests (tests/Workbench.Storage.Conformance/KillConformanceTests.cs):
// writes synced batches forever and prints "ack N" after batch N's Write returned. Batch N puts
// key N into "default" and into "other" and sets "default"/"last" to N, so a reader can tell a
// half-applied batch. The parent kills this process with SIGKILL at some point.
// usage: Workbench.Storage.Peers.CrashChild <engine> <directory> <first batch number> <value size>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: <engine> <directory> <first batch number> <value size>");
    return 2;
}
var registry = new EngineRegistry()
    .Register(new Workbench.Storage.Lmdb.LmdbEngineFactory())
    .Register(new Workbench.Storage.ZoneTree.ZoneTreeEngineFactory())
    .Register(new Workbench.Storage.LiteDb.LiteDbEngineFactory());
using var engine = registry.Open(new EngineConfig(args[0], SmallOptions(args[0])), args[1], LocalFileSystem.Instance, ["default", "other"]);
var first = long.Parse(args[2], CultureInfo.InvariantCulture);
var valueSize = int.Parse(args[3], CultureInfo.InvariantCulture);
var d = engine.GetColumnFamily("default");
var o = engine.GetColumnFamily("other");
using var batch = new WriteBatch();
Workbench.Harness.ClusterProcess.ParentExit.Watch("peers crash child"); // the test host may die: do not write on as an orphan
Console.WriteLine("ready");
for (var n = first; ; n++)
{
    batch.Clear();
    var key = CrashRecord.Key(n);
    var value = CrashRecord.Value(n, valueSize);
    batch.Put(d, key, value);
    batch.Put(o, key, value);
    batch.Put(d, CrashRecord.LastKey, key);
    engine.Write(batch, WriteOptions.Synced);
    Console.WriteLine("ack " + n.ToString(CultureInfo.InvariantCulture));
}

// Small sizes so the child also crosses map growth (lmdb), merges (zonetree) and checkpoints (litedb) while it is killed.
static Dictionary<string, string> SmallOptions(string engine) => engine switch
{
    "lmdb" => new() { ["map_size"] = "1MB" },
    "zonetree" => new() { ["mutable_segment_max_item_count"] = "1000" },
    "litedb" => new() { ["checkpoint"] = "100" },
    _ => [],
};

using System.Globalization;
using Workbench.Storage.Batch;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Storage.RocksDb;

// Test helper for the kill -9 test (tests/Workbench.Storage.RocksDb.Tests/RocksDbKillTests.cs):
// writes synced batches forever and prints "ack N" after batch N's Write returned. Batch N puts
// key N into "default" and into "other" and sets "default"/"last" to N, so a reader can tell a
// half-applied batch. The parent kills this process with SIGKILL at some point.
// usage: Workbench.Storage.RocksDb.CrashChild <engine> <directory> <first batch number> <value size>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: <engine> <directory> <first batch number> <value size>");
    return 2;
}
var registry = new EngineRegistry().Register(new RocksDbEngineFactory()).Register(new RocksDbBlobEngineFactory());
var options = new Dictionary<string, string> { ["write_buffer_size"] = "256KB", ["target_file_size_base"] = "256KB", ["max_bytes_for_level_base"] = "1MB" };
using var engine = registry.Open(new EngineConfig(args[0], options), args[1], LocalFileSystem.Instance, ["default", "other"]);
var first = long.Parse(args[2], CultureInfo.InvariantCulture);
var valueSize = int.Parse(args[3], CultureInfo.InvariantCulture);
var d = engine.GetColumnFamily("default");
var o = engine.GetColumnFamily("other");
using var batch = new WriteBatch();
Workbench.Harness.ClusterProcess.ParentExit.Watch("rocksdb crash child"); // the test host may die: do not write on as an orphan
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

using System.Globalization;
using Workbench.Storage.Batch;
using Workbench.Storage.BTree.CrashChild;
using Workbench.Storage.Contract;

// Usage: CrashChild <directory> <first id>
// Writes synced batches forever, printing each id once Write returned (= acknowledged), until killed.
var directory = args[0];
var first = long.Parse(args[1], CultureInfo.InvariantCulture);
using var engine = CrashWorkload.Open(directory);
var def = engine.GetColumnFamily("default");
var write = engine.GetColumnFamily("write");
Workbench.Harness.ClusterProcess.ParentExit.Watch("btree crash child"); // the test host may die: do not write on as an orphan
Console.WriteLine("ready");
using var batch = new WriteBatch();
for (var id = first; ; id++)
{
    batch.Clear();
    batch.Put(def, CrashWorkload.Key(id), CrashWorkload.Value(id))
         .Put(write, CrashWorkload.Key(id), CrashWorkload.Id(id))
         .Put(write, CrashWorkload.CounterKey, CrashWorkload.Id(id));
    engine.Write(batch, WriteOptions.Synced);
    Console.WriteLine(id.ToString(CultureInfo.InvariantCulture));
}

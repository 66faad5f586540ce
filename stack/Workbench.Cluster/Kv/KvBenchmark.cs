using System.Diagnostics;
using Google.Protobuf;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

namespace Workbench.Cluster.Kv;

/// <summary>
/// Measures the KV demo: three replicas in one process, messages delivered at once in FIFO order,
/// a durable Raft log per replica (<see cref="DurableRaftStorage"/>, synced per Ready) and a
/// durable memory engine per replica, each behind its own <see cref="CountingFileSystem"/>, so the
/// bytes of the Raft log and of the engine are counted separately. Puts of small values through
/// the leader with a fixed number outstanding. Not a test: it asserts nothing and prints figures.
/// </summary>
public static class KvBenchmark
{
    /// <summary>Runs the benchmark <paramref name="options"/> describe and returns its throughput and bytes.</summary>
    public static KvBenchmarkResult Run(KvBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Random(options.Seed);
        IFileSystem baseFs = options.Directory is null ? new MemoryFileSystem() : LocalFileSystem.Instance;
        var root = options.Directory ?? "/bench";
        var raftFs = new CountingFileSystem(baseFs);
        var engineFs = new CountingFileSystem(baseFs);
        ulong[] ids = [1, 2, 3];
        var nodes = new Dictionary<ulong, KvNode>();
        var storages = new List<DurableRaftStorage>();
        var engines = new List<IKvEngine>();
        foreach (var id in ids)
        {
            var storage = DurableRaftStorage.Open(raftFs, $"{root}/node{id}/raft", ids);
            storages.Add(storage);
            var engine = KvEngines.OpenMemory(engineFs, $"{root}/node{id}/engine", durable: true);
            engines.Add(engine);
            nodes[id] = new KvNode(new RaftConfig { Id = id, Random = new Random(rng.Next()) }, storage, engine,
                new KvNodeOptions { SnapshotEveryEntries = 0, RequestTimeoutTicks = 1_000_000 });
        }
        var queue = new Queue<Message>();
        // Like a real event loop: step everything that arrived, then handle one Ready per node (batching syncs).
        void Pump()
        {
            do
            {
                while (queue.TryDequeue(out var m)) nodes[m.To].Step(m);
                foreach (var n in nodes.Values) n.ProcessReady(queue.Enqueue);
            }
            while (queue.Count > 0);
        }
        Pump(); // applies the bootstrap configuration entries
        nodes[1].Raw.Campaign();
        for (var i = 0; i < 1000 && !nodes.Values.Any(n => n.IsLeader); i++)
        {
            Pump();
            foreach (var n in nodes.Values) n.Tick();
        }
        var leader = nodes.Values.First(n => n.IsLeader);
        Pump();
        var raftBefore = raftFs.Counters.Snapshot();
        var engineBefore = engineFs.Counters.Snapshot();

        var value = new byte[options.ValueSize];
        rng.NextBytes(value);
        var valueBs = ByteString.CopyFrom(value);
        int issued = 0, completed = 0, outstanding = 0, failed = 0;
        long userBytes = 0;
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (completed + failed < options.Operations)
        {
            while (outstanding < options.Concurrency && issued < options.Operations)
            {
                var key = ByteString.CopyFromUtf8("user" + rng.Next(options.KeySpace).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
                userBytes += key.Length + value.Length;
                issued++;
                outstanding++;
                leader.Submit(new KvCommand { Op = KvOp.KvPut, Key = key, Value = valueBs }, r =>
                {
                    outstanding--;
                    if (r.Status == KvStatus.Ok) completed++;
                    else failed++;
                });
            }
            Pump();
            if (++rounds % 16 == 0)
                foreach (var n in nodes.Values) n.Tick();
        }
        clock.Stop();
        if (failed > 0) throw new InvalidOperationException($"{failed} benchmark writes failed (leadership changed during the run?)");
        var raftIo = raftFs.Counters.Snapshot().Minus(raftBefore);
        var engineIo = engineFs.Counters.Snapshot().Minus(engineBefore);
        foreach (var s in storages) s.Dispose();
        foreach (var e in engines) e.Dispose();
        return new KvBenchmarkResult(completed, clock.Elapsed.TotalSeconds, raftIo.TotalBytesWritten, engineIo.TotalBytesWritten, userBytes,
            raftIo.ToDictionary(), engineIo.ToDictionary(), raftIo.Syncs);
    }
}

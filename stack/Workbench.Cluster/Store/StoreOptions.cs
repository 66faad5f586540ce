namespace Workbench.Cluster.Store;

/// <summary>Settings of one store's raftstore (TiKV's raftstore config, scaled down for one machine).</summary>
public sealed class StoreOptions
{
    /// <summary>This store's id (the node id).</summary>
    public ulong StoreId { get; init; }

    /// <summary>Ticks without a leader before a follower campaigns (TiKV: raft_election_timeout_ticks 10).</summary>
    public int ElectionTick { get; init; } = 10;

    /// <summary>TiKV: raft_heartbeat_ticks 2.</summary>
    public int HeartbeatTick { get; init; } = 2;

    /// <summary>Serve reads from the leader lease (ReadIndex when the lease is not valid) rather than a ReadIndex round each.</summary>
    public bool LeaseReads { get; init; } = true;

    /// <summary>Largest append message in bytes (at least one entry is sent).</summary>
    public ulong MaxSizePerMsg { get; init; } = 1 << 20;
    /// <summary>Append messages in flight to one follower.</summary>
    public int MaxInflightMsgs { get; init; } = 256;

    /// <summary>A request not answered within this many ticks fails (timeout; a write's outcome is then unknown).</summary>
    public int RequestTimeoutTicks { get; init; } = 100;

    /// <summary>A snapshot unacknowledged this long is reported failed (the leader retries).</summary>
    public int SnapshotRetryTicks { get; init; } = 50;

    /// <summary>Milliseconds per tick of the driver (the snapshot byte-rate limit is spent per tick); the topologies set it.</summary>
    public int TickMs { get; set; } = 100;

    /// <summary>Bytes of a region snapshot per chunk message (TiKV sends 1 MiB chunks).</summary>
    public int SnapshotChunkBytes { get; init; } = 1 << 20;

    /// <summary>Snapshot bytes this store sends per second, over all transfers (TiKV: snap-io-max-bytes-per-sec 100 MiB); 0 = unlimited.</summary>
    public long SnapshotMaxBytesPerSec { get; init; } = 100L << 20;

    /// <summary>Snapshots sent at once (TiKV: concurrent-send-snap-limit 32, scaled down); more wait in a queue.</summary>
    public int SnapshotConcurrentSends { get; init; } = 4;

    /// <summary>Snapshots received at once (TiKV: concurrent-recv-snap-limit 32, scaled down); chunks of more are refused (the sender's Raft retries).</summary>
    public int SnapshotConcurrentReceives { get; init; } = 4;

    /// <summary>Proposals waiting per region beyond which new writes get ServerIsBusy.</summary>
    public int MaxPendingProposals { get; init; } = 4096;

    /// <summary>Compact a region's log once it holds this many applied entries (TiKV: raft_log_gc_count_limit, scaled down).</summary>
    public int LogGcCountLimit { get; init; } = 1000;

    /// <summary>Applied entries kept behind for followers catching up without a snapshot.</summary>
    public int LogGcKeep { get; init; } = 200;

    /// <summary>Split a region past this size (TiKV 96 MiB/256 MiB, scaled down) …</summary>
    public long SplitSizeBytes { get; init; } = 8 << 20;

    /// <summary>… or past this many keys.</summary>
    public long SplitKeys { get; init; } = 80_000;

    /// <summary>Leaders check whether to split after SplitSize/16 bytes were written, at most every this many ticks.</summary>
    public int SplitCheckTicks { get; init; } = 10;

    /// <summary>Leaders report each region to PD this often (TiKV: 60 s; ticks here).</summary>
    public int RegionHeartbeatTicks { get; init; } = 20;

    /// <summary>The store reports itself to PD this often (TiKV: 10 s).</summary>
    public int StoreHeartbeatTicks { get; init; } = 10;

    /// <summary>
    /// Maps the key found at a region's middle to the split key (a row boundary): the transaction
    /// layer strips the timestamp suffix so all versions of a key stay in one region. Null = the key itself.
    /// </summary>
    public Func<byte[], byte[]>? SplitKeyOf { get; init; }

    /// <summary>Write flow control: when new writes are answered ServerIsBusy (TiKV's names and defaults).</summary>
    public FlowControlOptions FlowControl { get; init; } = new();

    /// <summary>Milliseconds of the driver's clock (wall clock by default; the simulation sets its virtual clock), for flow control's stall detection.</summary>
    public Func<long> NowMs { get; set; } = () => Environment.TickCount64;
}

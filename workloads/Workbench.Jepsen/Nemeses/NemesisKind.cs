namespace Workbench.Jepsen.Nemeses;

/// <summary>The faults a nemesis can inject (names as on the command line: see <see cref="NemesisNames"/>).</summary>
public enum NemesisKind
{
    /// <summary>One of the three partitions below, chosen at random each time.</summary>
    Partition,
    /// <summary>Cut one random node off from the others.</summary>
    PartitionOne,
    /// <summary>Split the nodes into two random halves.</summary>
    PartitionHalves,
    /// <summary>Jepsen's majorities-ring: each node hears only its two neighbours in a random ring, so every node sees a majority but no two see the same one.</summary>
    PartitionRing,
    /// <summary>Crash a node (unsynced bytes lost) and restart it when the fault stops; on layer sql, topology tcp, the process is drawn among the nodes and the SQL server.</summary>
    Kill,
    /// <summary>Crash PD (unsynced state lost); it comes back after a short outage.</summary>
    KillPd,
    /// <summary>Drop a share of Raft messages.</summary>
    Loss,
    /// <summary>Delay Raft messages by up to 100 ms (reordering them).</summary>
    Delay,
    /// <summary>Move every region's leadership to a random peer.</summary>
    Leader,
    /// <summary>Write filler data so regions grow past the split size and split through PD's AskBatchSplit.</summary>
    Split,
    /// <summary>Stop the service answering (SIGSTOP-like) until the fault stops.</summary>
    Pause,
    /// <summary>Step the TSO's physical clock forwards or backwards by up to 5 s.</summary>
    Clock,
    /// <summary>kill -9 of the SQL server process (layer sql, topology tcp); restarted when the fault stops.</summary>
    KillSql,
}

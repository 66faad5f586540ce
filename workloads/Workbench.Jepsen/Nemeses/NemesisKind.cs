namespace Workbench.Jepsen.Nemeses;

/// <summary>The faults a nemesis can inject (names as on the command line: see <see cref="NemesisNames"/>).</summary>
public enum NemesisKind
{
    /// <summary>One of the three partitions below, chosen at random each time.</summary>
    Partition,
    PartitionOne,
    PartitionHalves,
    PartitionRing,
    /// <summary>Crash a node (unsynced bytes lost) and restart it when the fault stops.</summary>
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
}

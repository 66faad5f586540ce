using Google.Protobuf;
using Workbench.Raft.Messages;

namespace Workbench.Raft.Log;

/// <summary>
/// The first entries of a new cluster's log, as etcd's Bootstrap writes them: one ConfChange per
/// initial member at term 1, indices 1..n, committed. With them the log holds the whole membership
/// history, so a node that joins later with an empty log learns the configuration by replaying
/// the log from index 1 (not only from a snapshot). Initial members also get the configuration in
/// the index-0 snapshot metadata, so re-applying these entries is idempotent for them.
/// </summary>
public static class Bootstrap
{
    /// <summary>The bootstrap entries for initial <paramref name="voters"/> and <paramref name="learners"/> (null = none): one AddNode/AddLearnerNode conf change each, term 1, indices from 1.</summary>
    public static List<Entry> Entries(IEnumerable<ulong> voters, IEnumerable<ulong>? learners)
    {
        ArgumentNullException.ThrowIfNull(voters);
        var entries = new List<Entry>();
        void Add(ConfChangeType type, ulong id) => entries.Add(new Entry
        {
            Term = 1,
            Index = (ulong)entries.Count + 1,
            EntryType = EntryType.EntryConfChange,
            Data = new ConfChange { ChangeType = type, NodeId = id }.ToByteString(),
        });
        foreach (var v in voters) Add(ConfChangeType.AddNode, v);
        if (learners is not null)
            foreach (var l in learners) Add(ConfChangeType.AddLearnerNode, l);
        return entries;
    }

    /// <summary>The hard state that goes with the bootstrap entries (term 1, all committed); empty for a joining node.</summary>
    public static HardState HardState(int entryCount) => entryCount == 0 ? new HardState() : new HardState { Term = 1, Commit = (ulong)entryCount };
}

using Google.Protobuf;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Raft.Tests.Log;

public sealed class DurableRaftStorageTests
{
    private static Entry E(ulong index, ulong term, string data = "") => new() { Index = index, Term = term, Data = ByteString.CopyFromUtf8(data) };

    [Fact]
    public void Recovers_entries_hard_state_and_overwrites_and_counts_bytes_as_raft_log()
    {
        var counting = new CountingFileSystem(new MemoryFileSystem());
        var s = DurableRaftStorage.Open(counting, "/r", [1, 2, 3], segmentBytes: 256);
        s.Append([E(1, 1, "a"), E(2, 1, "b"), E(3, 1, "c")]);
        s.Append([E(3, 2, "c2"), E(4, 2, "d")]); // conflict: replaces 3
        s.SetHardState(new HardState { Term = 2, Vote = 1, Commit = 2 });
        s.Sync();
        s.Dispose();
        var r = DurableRaftStorage.Open(counting, "/r", []);
        Assert.Equal(4ul, r.LastIndex);
        Assert.True(r.TryTerm(3, out var t3) && t3 == 2);
        Assert.Equal("c2", r.Entries(3, 4, ulong.MaxValue)[0].Data.ToStringUtf8());
        var init = r.InitialState();
        Assert.Equal(new HardState { Term = 2, Vote = 1, Commit = 2 }, init.HardState);
        Assert.Equal([1ul, 2, 3], init.ConfState.Voters);
        var io = counting.Counters.Snapshot();
        Assert.True(io.BytesWritten(WriteCategory.RaftLog) > 0);
        Assert.Equal(io.TotalBytesWritten, io.BytesWritten(WriteCategory.RaftLog));
    }

    [Fact]
    public void Unsynced_tail_vanishes_on_machine_crash_and_synced_entries_survive()
    {
        var fs = new FaultInjectingFileSystem(new MemoryFileSystem());
        var s = DurableRaftStorage.Open(fs, "/r", [1]);
        s.Append([E(1, 1), E(2, 1)]);
        s.SetHardState(new HardState { Term = 1, Commit = 2 });
        s.Sync();
        s.Append([E(3, 1), E(4, 1)]);
        fs.SimulateCrash();
        var r = DurableRaftStorage.Open(fs, "/r", []);
        Assert.Equal(2ul, r.LastIndex);
        Assert.Equal(2ul, r.InitialState().HardState.Commit);
        // And it keeps working after recovery.
        r.Append([E(3, 2)]);
        r.Sync();
        fs.SimulateCrash();
        Assert.Equal(3ul, DurableRaftStorage.Open(fs, "/r", []).LastIndex);
    }

    [Fact]
    public void Torn_record_at_the_end_is_a_clean_end_but_damage_in_a_sealed_segment_is_corruption()
    {
        var mem = new MemoryFileSystem();
        var s = DurableRaftStorage.Open(mem, "/r", [], segmentBytes: 64); // no bootstrap: no hard-state records
        for (ulong i = 1; i <= 20; i++) s.Append([E(i, 1, "payload-" + i)]);
        s.Sync();
        s.Dispose();
        var segs = mem.ListFiles("/r").Where(f => f.EndsWith(".seg", StringComparison.Ordinal)).ToArray();
        Assert.True(segs.Length > 2);

        // Tear the last record of the newest non-empty segment: recovery ends before it.
        var last = segs.Last(f => mem.GetFileSize("/r/" + f) > 0);
        using (var f = mem.OpenWritable("/r/" + last, WriteCategory.Other)) f.Truncate(f.Length - 3);
        var r = DurableRaftStorage.Open(mem, "/r", []);
        Assert.Equal(19ul, r.LastIndex);
        r.Dispose();

        // Flip a byte in the first (sealed) segment.
        using (var f = mem.OpenWritable("/r/" + segs[0], WriteCategory.Other))
        {
            var b = new byte[1];
            f.ReadAt(12, b);
            b[0] ^= 0xFF;
            f.WriteAt(12, b);
        }
        var ex = Assert.Throws<CorruptionException>(() => DurableRaftStorage.Open(mem, "/r", []));
        Assert.Contains(segs[0], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Received_snapshot_replaces_the_divergent_log_across_restarts_and_compaction_deletes_segments()
    {
        var mem = new MemoryFileSystem();
        var s = DurableRaftStorage.Open(mem, "/r", [1, 2, 3], segmentBytes: 64);
        for (ulong i = 1; i <= 30; i++) s.Append([E(i, 1, "x")]);
        s.Sync();
        var cs = new ConfState();
        cs.Voters.AddRange([1ul, 2, 3]);
        s.ApplySnapshot(new Snapshot { Data = ByteString.CopyFromUtf8("state"), Metadata = new SnapshotMetadata { Index = 20, Term = 3, ConfState = cs } });
        s.Append([E(21, 3, "new")]);
        s.SetHardState(new HardState { Term = 3, Commit = 20 });
        s.Sync();
        s.Dispose();
        var r = DurableRaftStorage.Open(mem, "/r", []);
        Assert.Equal(21ul, r.FirstIndex);
        Assert.Equal(21ul, r.LastIndex);
        Assert.True(r.TryTerm(20, out var t) && t == 3);
        Assert.Equal("state", r.Snapshot().Data.ToStringUtf8());

        for (ulong i = 22; i <= 60; i++) r.Append([E(i, 3, "y")]);
        var before = r.SegmentCount;
        r.CreateSnapshot(55, cs, new byte[] { 1 });
        r.Compact(50);
        Assert.True(r.SegmentCount < before);
        r.Sync();
        r.Dispose();
        var again = DurableRaftStorage.Open(mem, "/r", []);
        Assert.Equal(56ul, again.FirstIndex);
        Assert.Equal(60ul, again.LastIndex);
        Assert.Single(mem.ListFiles("/r"), f => f.EndsWith(".snap", StringComparison.Ordinal));
    }
}

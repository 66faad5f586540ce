using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;

namespace Workbench.Storage.Lsm.Tests;

public class SkipListTests
{
    /// <summary>
    /// Regression: a seek racing an insert must never return a node smaller than the seek key
    /// (the bug re-read the level-0 link after comparing, and so returned a just-inserted newer version).
    /// </summary>
    [Fact]
    public async Task Seek_racing_the_writer_never_returns_a_newer_version_than_asked()
    {
        var mem = new Memtable(1);
        long published = 0;
        var stop = false;
        var key = "k"u8.ToArray();
        string? failure = null;
        var reader = Task.Run(() =>
        {
            while (!Volatile.Read(ref stop) && failure is null)
            {
                var seq = Volatile.Read(ref published);
                if (seq == 0) continue;
                var seek = InternalKey.ForSeek(key, seq);
                if (!mem.TryGet(seek, out var node)) { failure = $"no entry at sequence {seq}"; break; }
                var got = InternalKey.Sequence(node!.Key);
                if (got != seq) failure = $"read at {seq} returned sequence {got}";
            }
        });
        for (long s = 1; s <= 200_000; s++)
        {
            mem.Add(s, ValueKind.Value, key, []);
            Volatile.Write(ref published, s);
        }
        Volatile.Write(ref stop, true);
        await reader;
        Assert.Null(failure);
    }

    [Fact]
    public void Iteration_is_in_internal_key_order_newest_version_first()
    {
        var mem = new Memtable(1);
        var rng = new Random(42);
        var expected = new List<byte[]>();
        for (var s = 1; s <= 2000; s++)
        {
            var k = new byte[rng.Next(0, 4)];
            rng.NextBytes(k);
            mem.Add(s, s % 7 == 0 ? ValueKind.Deletion : ValueKind.Value, k, [1, 2]);
            expected.Add(InternalKey.Make(k, s, s % 7 == 0 ? ValueKind.Deletion : ValueKind.Value));
        }
        expected.Sort((a, b) => InternalKey.Compare(a, b));
        using var it = mem.NewIterator();
        var i = 0;
        for (it.SeekToFirst(); it.Valid; it.Next(), i++) Assert.True(it.Key.SequenceEqual(expected[i]), $"entry {i} out of order");
        Assert.Equal(expected.Count, i);
    }
}

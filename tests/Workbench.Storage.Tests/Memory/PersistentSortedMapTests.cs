using Workbench.Storage.Encoding;
using Workbench.Storage.Memory;

namespace Workbench.Storage.Tests.Memory;

public sealed class PersistentSortedMapTests
{
    [Fact]
    public void Random_updates_match_a_sorted_dictionary_and_old_versions_stay_intact()
    {
        var rng = new Random(1234);
        var model = new SortedDictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        var map = PersistentSortedMap.Empty;
        var frozen = map;
        SortedDictionary<byte[], byte[]>? frozenModel = null;
        for (var i = 0; i < 20000; i++)
        {
            var k = BitConverter.GetBytes(rng.Next(3000));
            if (rng.Next(3) == 0)
            {
                map = map.Remove(k);
                model.Remove(k);
            }
            else
            {
                var v = BitConverter.GetBytes(i);
                map = map.Set(k, v);
                model[k] = v;
            }
            if (i == 10000)
            {
                frozen = map;
                frozenModel = new SortedDictionary<byte[], byte[]>(model, ByteKeyComparer.Instance);
            }
        }
        Check(map, model);
        Check(frozen, frozenModel!);
        Assert.True(Height(map) <= 1.45 * Math.Log2(map.Count + 2), $"AVL height {Height(map)} for {map.Count} entries");
    }

    private static void Check(PersistentSortedMap map, SortedDictionary<byte[], byte[]> model)
    {
        Assert.Equal(model.Count, map.Count);
        Assert.Equal(model.Sum(kv => (long)kv.Key.Length + kv.Value.Length), map.Bytes);
        var c = new PersistentSortedMapCursor(map);
        c.SeekToFirst();
        foreach (var (k, v) in model)
        {
            Assert.True(c.Valid);
            Assert.Equal(k, c.Key);
            Assert.Equal(v, c.Value);
            c.Next();
        }
        Assert.False(c.Valid);
    }

    private static int Height(PersistentSortedMap map)
    {
        // walk the leftmost and rightmost paths via the cursor-independent public surface: count by seeking
        var h = typeof(PersistentSortedMap).GetProperty("Root", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(map);
        return h is null ? 0 : (int)h.GetType().GetField("Height")!.GetValue(h)!;
    }
}

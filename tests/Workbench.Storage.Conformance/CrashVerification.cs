using Workbench.Storage.Contract;

namespace Workbench.Storage.Conformance;

/// <summary>What the kill -9 tests check after reopening an engine a <see cref="CrashRecord"/> child wrote (not linked into the children: it asserts).</summary>
public static class CrashVerification
{
    /// <summary>
    /// Checks what a reopened engine recovered after the child was killed: batches 1..last in both
    /// column families, none half-applied, every value right, and last &gt;= <paramref name="acked"/>.
    /// Returns the last batch number recovered.
    /// </summary>
    public static long VerifyRecovered(IKvEngine engine, long acked, int valueSize)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var d = engine.GetColumnFamily("default");
        var o = engine.GetColumnFamily("other");
        var lastKey = engine.Get(d, CrashRecord.LastKey);
        Assert.NotNull(lastKey);
        var last = CrashRecord.NumberOf(lastKey);
        Assert.True(last >= acked, $"acknowledged synced batch {acked} lost: recovered only up to {last}");
        long expected = 1;
        using (var it = engine.NewIterator(d, new ReadOptions { LowerBound = "n"u8.ToArray(), UpperBound = "o"u8.ToArray() }))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var n = CrashRecord.NumberOf(it.Key);
                Assert.True(n == expected, $"default holds batch {n} where batch {expected} was expected (hole or extra)");
                Assert.True(it.Value.SequenceEqual(CrashRecord.Value(n, valueSize)), $"value of batch {n} in default is wrong");
                expected++;
            }
        }
        Assert.True(expected - 1 == last, $"default holds batches up to {expected - 1} but 'last' says {last}: half-applied batch");
        using (var it = engine.NewIterator(o))
        {
            long count = 0;
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                count++;
                var n = CrashRecord.NumberOf(it.Key);
                Assert.True(n == count, $"other holds batch {n} where batch {count} was expected: half-applied batch");
                Assert.True(it.Value.SequenceEqual(CrashRecord.Value(n, valueSize)), $"value of batch {n} in other is wrong");
            }
            Assert.True(count == last, $"other holds {count} batches but default holds {last}: half-applied batch");
        }
        return last;
    }
}

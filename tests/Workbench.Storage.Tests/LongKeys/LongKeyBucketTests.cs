using Workbench.Storage.Errors;
using Workbench.Storage.LongKeys;

namespace Workbench.Storage.Tests.LongKeys;

public sealed class LongKeyBucketTests
{
    private static byte[] B(params byte[] b) => b;

    [Fact]
    public void Upsert_keeps_suffixes_sorted_replaces_and_remove_empties_the_bucket()
    {
        var bucket = LongKeyBucket.Upsert(default, B(5), B(50));
        bucket = LongKeyBucket.Upsert(bucket, B(), B(0));
        bucket = LongKeyBucket.Upsert(bucket, B(5, 0), B(51));
        bucket = LongKeyBucket.Upsert(bucket, B(5), B(99)); // replace
        var entries = LongKeyBucket.Decode(bucket);
        Assert.Equal([B(), B(5), B(5, 0)], entries.Select(e => e.Suffix).ToArray());
        Assert.Equal(B(99), entries[1].Value);
        Assert.True(LongKeyBucket.TryFind(bucket, B(5, 0), out var v));
        Assert.Equal(B(51), v.ToArray());
        Assert.False(LongKeyBucket.TryFind(bucket, B(4), out _));
        var rest = LongKeyBucket.Remove(bucket, B(9), out var removed);
        Assert.False(removed);
        Assert.Equal(bucket, rest);
        rest = LongKeyBucket.Remove(bucket, B(), out removed);
        rest = LongKeyBucket.Remove(rest, B(5), out _);
        rest = LongKeyBucket.Remove(rest, B(5, 0), out _);
        Assert.True(removed);
        Assert.Null(rest);
    }

    [Fact]
    public void A_malformed_bucket_is_corruption_not_garbage()
    {
        var bucket = LongKeyBucket.Upsert(LongKeyBucket.Upsert(default, B(1), B(10)), B(2), B(20));
        Assert.Throws<CorruptionException>(() => LongKeyBucket.Decode(bucket[..^1])); // a value runs past the end
        var swapped = LongKeyBucket.Upsert(default, B(2), B(20)).Concat(LongKeyBucket.Upsert(default, B(1), B(10))).ToArray();
        Assert.Throws<CorruptionException>(() => LongKeyBucket.Decode(swapped)); // out of order
    }
}

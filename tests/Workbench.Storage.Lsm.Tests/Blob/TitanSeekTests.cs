using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>
/// Seeks must land on the newest version even when it is stored as a BlobIndex (kind 2, the
/// highest kind): a seek key built with a lower kind sorts after (k, s, BlobIndex) and skips it.
/// </summary>
public sealed class TitanSeekTests
{
    private static readonly byte[] K = "key000001"u8.ToArray();
    private static readonly byte[] Next = "key000002"u8.ToArray();

    private static byte[] Value(byte round) => Enumerable.Repeat(round, 1000).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Seek_and_lower_bound_land_on_the_newest_blob_index_version(bool reopen)
    {
        var fs = new MemoryFileSystem();
        var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc("100"));
        try
        {
            var cf = e.DefaultColumnFamily();
            e.Put(cf, K, Value(1));
            e.Put(cf, Next, Value(9));
            e.Flush();
            e.CompactRange(cf);
            e.Put(cf, K, Value(2)); // the newest version, at the engine's last sequence, separated at flush
            e.Flush();
            if (reopen)
            {
                e.Dispose();
                e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc("100"));
                cf = e.DefaultColumnFamily();
            }

            using (var it = e.NewIterator(cf))
            {
                it.Seek(K);
                Assert.True(it.Valid);
                Assert.Equal(K, it.Key.ToArray());
                Assert.Equal(Value(2), it.Value.ToArray());
            }
            using (var it = e.NewIterator(cf, new ReadOptions { LowerBound = K }))
            {
                it.SeekToFirst();
                Assert.True(it.Valid);
                Assert.Equal(K, it.Key.ToArray());
                Assert.Equal(Value(2), it.Value.ToArray());
                it.Seek("key"u8); // below the lower bound: clamped to it
                Assert.True(it.Valid);
                Assert.Equal(K, it.Key.ToArray());
                Assert.Equal(Value(2), it.Value.ToArray());
            }
            Assert.Equal(Value(2), e.Get(cf, K));
        }
        finally
        {
            e.Dispose();
        }
    }
}

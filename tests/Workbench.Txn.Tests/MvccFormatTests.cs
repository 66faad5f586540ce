using Workbench.Txn.Mvcc;

namespace Workbench.Txn.Tests;

public class MvccFormatTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public void Key1_encodes_as_tikv()
    {
        Assert.Equal("6B65793100000000FB", Hex(MvccKey.Encode("key1"u8)));
        Assert.Equal("6B65793100000000FB" + "FFFFFFFFFFFFFFFE", Hex(MvccKey.EncodeWithTs("key1"u8, 1)));
        Assert.Equal("6B65793100000000FB" + "FFFFFFFFFFFFFFFC", Hex(MvccKey.EncodeWithTs("key1"u8, 3)));
    }

    [Fact]
    public void Full_group_is_followed_by_a_padding_group()
    {
        Assert.Equal("0102030405060708FF0000000000000000F7", Hex(MemComparable.Encode([1, 2, 3, 4, 5, 6, 7, 8])));
        Assert.Equal("0000000000000000F7", Hex(MemComparable.Encode([])));
    }

    [Fact]
    public void Encoding_preserves_order_and_round_trips()
    {
        var rng = new Random(7);
        var keys = new List<byte[]>();
        for (var i = 0; i < 500; i++)
        {
            var k = new byte[rng.Next(0, 20)];
            for (var j = 0; j < k.Length; j++) k[j] = (byte)rng.Next(0, 3 + (j % 2) * 253);
            keys.Add(k);
        }
        var cmp = Workbench.Storage.Encoding.ByteKeyComparer.Instance;
        foreach (var a in keys)
        {
            Assert.Equal(a, MemComparable.Decode(MemComparable.Encode(a)));
            foreach (var b in keys.Take(50))
            {
                var raw = Math.Sign(cmp.Compare(a, b));
                var enc = Math.Sign(cmp.Compare(MemComparable.Encode(a), MemComparable.Encode(b)));
                Assert.Equal(raw, enc);
                // Versions of one key sort newest first, and all before any greater key.
                if (raw < 0) Assert.True(cmp.Compare(MvccKey.EncodeWithTs(a, 1), MvccKey.EncodeWithTs(b, 100)) < 0);
            }
        }
        Assert.True(cmp.Compare(MvccKey.EncodeWithTs("k"u8, 9), MvccKey.EncodeWithTs("k"u8, 8)) < 0);
    }

    [Fact]
    public void Malformed_encoding_is_rejected()
    {
        Assert.Throws<FormatException>(() => MemComparable.Decode([1, 2, 3]));
        Assert.Throws<FormatException>(() => MemComparable.Decode([1, 0, 0, 0, 0, 0, 0, 5, 0xFB]));
    }

    [Fact]
    public void Tso_example_composes()
    {
        var ts = TimeStamp.Compose(1568700549751, 108);
        Assert.Equal(411225436913926252UL, ts);
        Assert.Equal(1568700549751, TimeStamp.Physical(ts));
        Assert.Equal(108UL, TimeStamp.Logical(ts));
    }

    [Fact]
    public void Write_record_bytes_match_tikv()
    {
        var put = new WriteRecord { Type = WriteType.Put, StartTs = 1, ShortValue = "abc"u8.ToArray() };
        Assert.Equal("50017603616263", Hex(put.ToBytes()));
        var rb = WriteRecord.Rollback(5, protect: true);
        Assert.Equal("5205760170", Hex(rb.ToBytes()));
        Assert.True(WriteRecord.Parse(rb.ToBytes()).IsProtectedRollback);
        Assert.False(WriteRecord.Parse(WriteRecord.Rollback(5, false).ToBytes()).IsProtectedRollback);
        var overlapped = new WriteRecord { Type = WriteType.Delete, StartTs = 300, HasOverlappedRollback = true, GcFence = 7 };
        // 300 = AC 02 as LEB128.
        Assert.Equal("44AC0252" + "46" + "0000000000000007", Hex(overlapped.ToBytes()));
        var back = WriteRecord.Parse(overlapped.ToBytes());
        Assert.True(back.HasOverlappedRollback);
        Assert.Equal(7UL, back.GcFence);
        Assert.Equal(300UL, back.StartTs);
    }

    [Fact]
    public void Lock_record_bytes_match_tikv()
    {
        var l = new LockRecord { Type = LockType.Put, Primary = "pk"u8.ToArray(), StartTs = 10, Ttl = 3000, ShortValue = [0x41] };
        // 'P' | compact "pk" (len 2 zig-zag = 04) | var 10 | var 3000 = B8 17 | 'v' 01 41
        Assert.Equal("50" + "04706B" + "0A" + "B817" + "760141", Hex(l.ToBytes()));
        var full = new LockRecord
        {
            Type = LockType.Delete, Primary = "p"u8.ToArray(), StartTs = 1, Ttl = 2, ForUpdateTs = 3, TxnSize = 4, MinCommitTs = 5,
            UseAsyncCommit = true, Secondaries = ["a"u8.ToArray(), "bc"u8.ToArray()], RollbackTs = [9],
        };
        Assert.Equal("44" + "0270" + "01" + "02" + "66" + "0000000000000003" + "74" + "0000000000000004" + "63" + "0000000000000005"
                     + "61" + "02" + "0261" + "046263" + "72" + "01" + "0000000000000009", Hex(full.ToBytes()));
        var back = LockRecord.Parse(full.ToBytes());
        Assert.Equal(LockType.Delete, back.Type);
        Assert.Equal(5UL, back.MinCommitTs);
        Assert.True(back.UseAsyncCommit);
        Assert.Equal(2, back.Secondaries.Count);
        Assert.Equal("bc"u8.ToArray(), back.Secondaries[1]);
        Assert.Equal([9UL], back.RollbackTs);
        Assert.Equal(full.ToBytes(), back.ToBytes());
    }

    [Fact]
    public void Unknown_trailing_field_is_ignored_but_truncation_is_an_error()
    {
        var l = new LockRecord { Type = LockType.Lock, Primary = "p"u8.ToArray(), StartTs = 1, Ttl = 2 }.ToBytes();
        var withUnknown = l.Concat(new byte[] { (byte)'Z', 1, 2, 3 }).ToArray();
        Assert.Equal(LockType.Lock, LockRecord.Parse(withUnknown).Type);
        var truncated = new LockRecord { Type = LockType.Put, Primary = "p"u8.ToArray(), StartTs = 1, Ttl = 2, MinCommitTs = 7 }.ToBytes()[..^3];
        var e = Assert.Throws<FormatException>(() => LockRecord.Parse(truncated));
        Assert.Contains("lock record", e.Message);
        Assert.Throws<FormatException>(() => WriteRecord.Parse([(byte)'X', 1]));
    }
}

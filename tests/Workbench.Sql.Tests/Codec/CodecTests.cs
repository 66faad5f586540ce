using Workbench.Sql.Catalog;
using Workbench.Sql.Codec;
using Workbench.Sql.Values;

namespace Workbench.Sql.Tests.Codec;

public class CodecTests
{
    [Fact]
    public void Record_key_is_tidb_layout()
    {
        // TiDB tablecodec: 't' + int64 comparable(1) + "_r" + int64 comparable(1).
        Assert.Equal("7480000000000000015F728000000000000001", Convert.ToHexString(TableCodec.RecordKey(1, 1)));
        Assert.Equal(-5, TableCodec.DecodeRecordHandle(TableCodec.RecordKey(7, -5)));
    }

    [Fact]
    public void Memcomparable_bytes_match_tidb_examples()
    {
        var k = new List<byte>();
        MemComparable.AppendBytes(k, []);
        Assert.Equal("0000000000000000F7", Convert.ToHexString([.. k]));
        k.Clear();
        MemComparable.AppendBytes(k, [1, 2, 3]);
        Assert.Equal("0102030000000000FA", Convert.ToHexString([.. k]));
        k.Clear();
        MemComparable.AppendBytes(k, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal("0102030405060708FF0000000000000000F7", Convert.ToHexString([.. k]));
        var back = new List<byte>();
        Assert.Equal(k.Count, MemComparable.ReadBytes([.. k], back));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, back.ToArray());
    }

    [Fact]
    public void Encodings_preserve_order()
    {
        long[] ints = [long.MinValue, -300, -1, 0, 1, 300, long.MaxValue];
        for (int i = 1; i < ints.Length; i++)
        {
            var a = new List<byte>(); var b = new List<byte>();
            MemComparable.AppendInt(a, ints[i - 1]); MemComparable.AppendInt(b, ints[i]);
            Assert.True(Workbench.Storage.Encoding.ByteKeyComparer.Instance.Compare([.. a], [.. b]) < 0);
        }
        double[] doubles = [-1e10, -1.5, 0, 2.5, 1e10];
        for (int i = 1; i < doubles.Length; i++)
            Assert.True(MemComparable.FloatToCmp(doubles[i - 1]) < MemComparable.FloatToCmp(doubles[i]));
        Assert.Equal(-1.5, MemComparable.CmpToFloat(MemComparable.FloatToCmp(-1.5)));
    }

    [Fact]
    public void Decimal_binary_matches_the_mysql_documented_example()
    {
        // MySQL's decimal2bin comment: 1234567890.1234 as DECIMAL(14,4) is 81 0D FB 38 D2 04 D2; the negative inverts.
        Assert.Equal("810DFB38D204D2", Convert.ToHexString(DecimalBinary.Encode(1234567890.1234m, 14, 4)));
        Assert.Equal("7EF204C72DFB2D", Convert.ToHexString(DecimalBinary.Encode(-1234567890.1234m, 14, 4)));
        Assert.Equal(-1234567890.1234m, DecimalBinary.Decode(DecimalBinary.Encode(-1234567890.1234m, 14, 4), 14, 4));
    }

    private static TableInfo Table()
    {
        var t = new TableInfo { Id = 5, Name = "t", HandleColumn = 0 };
        t.Columns.Add(new ColumnInfo { Id = 1, Name = "id", Offset = 0, Type = SqlTypeKind.Int, NotNull = true });
        t.Columns.Add(new ColumnInfo { Id = 2, Name = "k", Offset = 1, Type = SqlTypeKind.Int });
        t.Columns.Add(new ColumnInfo { Id = 3, Name = "c", Offset = 2, Type = SqlTypeKind.VarChar, Length = 10 });
        t.Columns.Add(new ColumnInfo { Id = 4, Name = "d", Offset = 3, Type = SqlTypeKind.Decimal, Length = 10, Scale = 2 });
        return t;
    }

    [Fact]
    public void Row_v2_layout_is_tidbs()
    {
        var t = Table();
        var row = RowCodecV2.Encode(t, [SqlValue.FromInt(9), SqlValue.FromInt(300), SqlValue.FromString("ab"), SqlValue.Null]);
        // 0x80, flag 0, 2 not-null, 1 null; ids 2,3 then 4; end offsets 2, 4; k=300 as 2 bytes LE; "ab". The handle (id) is not stored.
        Assert.Equal("800002000100020304" + "02000400" + "2C01" + "6162", Convert.ToHexString(row));
        var back = RowCodecV2.Decode(t, row, 9);
        Assert.Equal(9, back[0].AsInt());
        Assert.Equal(300, back[1].AsInt());
        Assert.Equal("ab", back[2].AsString());
        Assert.True(back[3].IsNull);
    }

    [Fact]
    public void Row_v2_round_trips_random_rows()
    {
        int seed = TestSeed.Fresh(null);
        var rng = new Random(seed);
        var t = Table();
        for (int n = 0; n < 500; n++)
        {
            var row = new SqlValue[]
            {
                SqlValue.FromInt(rng.NextInt64()),
                rng.Next(4) == 0 ? SqlValue.Null : SqlValue.FromInt(rng.NextInt64(long.MinValue, long.MaxValue) >> rng.Next(64)),
                rng.Next(4) == 0 ? SqlValue.Null : SqlValue.FromString(new string('x', rng.Next(10))),
                rng.Next(4) == 0 ? SqlValue.Null : SqlValue.FromDecimal(Math.Round((decimal)(rng.NextDouble() * 1e6 - 5e5), 2)),
            };
            var back = RowCodecV2.Decode(t, RowCodecV2.Encode(t, row), row[0].AsInt());
            for (int i = 0; i < row.Length; i++) Assert.True(row[i] == back[i], $"seed {seed}: column {i}: {row[i]} != {back[i]}");
        }
    }

    [Fact]
    public void Index_keys_non_unique_append_the_handle_and_unique_store_it_in_the_value()
    {
        var t = Table();
        var idx = new IndexInfo { Id = 1, Name = "k", Columns = [1] };
        var key = TableCodec.IndexKey(t, idx, [SqlValue.FromInt(9), SqlValue.FromInt(3), SqlValue.Null, SqlValue.Null], 9, out bool distinct);
        Assert.False(distinct);
        Assert.Equal("7480000000000000055F698000000000000001" + "038000000000000003" + "038000000000000009", Convert.ToHexString(key));
        Assert.Equal(9, TableCodec.DecodeIndexHandle(key, TableCodec.IndexValue(false, 9)));
        var unique = new IndexInfo { Id = 2, Name = "u", Unique = true, Columns = [1] };
        var ukey = TableCodec.IndexKey(t, unique, [SqlValue.FromInt(9), SqlValue.FromInt(3), SqlValue.Null, SqlValue.Null], 9, out distinct);
        Assert.True(distinct);
        Assert.Equal(9, TableCodec.DecodeIndexHandle(ukey, TableCodec.IndexValue(true, 9)));
    }
}

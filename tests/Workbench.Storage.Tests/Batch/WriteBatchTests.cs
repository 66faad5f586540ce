using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Tests.Batch;

public sealed class WriteBatchTests
{
    [Fact]
    public void Operations_decode_in_order_with_their_column_families()
    {
        using var b = new WriteBatch(initialCapacity: 8); // forces the buffer to grow
        b.Put(0, "k1"u8, "v1"u8).Delete(3, "k2"u8).Put(200, ""u8, new byte[5000]);
        Assert.Equal(3, b.Count);
        Assert.Equal(2 + 2 + 2 + 0 + 5000, b.UserBytes);
        var seen = new List<string>();
        foreach (var op in b) seen.Add($"{op.Kind}:{op.ColumnFamilyId}:{System.Text.Encoding.ASCII.GetString(op.Key)}:{op.Value.Length}");
        Assert.Equal(["Put:0:k1:2", "Delete:3:k2:0", "Put:200::5000"], seen);
    }

    [Fact]
    public void SetData_round_trips_and_Clear_empties()
    {
        using var a = new WriteBatch();
        a.Put(1, "x"u8, "y"u8).Delete(2, "z"u8);
        using var b = new WriteBatch();
        b.SetData(a.Data);
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        Assert.Equal(2, b.Count);
        Assert.Equal(a.UserBytes, b.UserBytes);
        b.Clear();
        Assert.Equal(0, b.Count);
        Assert.Equal(0, b.Data.Length);
    }

    [Theory]
    [InlineData(new byte[] { 9 })]                    // unknown kind
    [InlineData(new byte[] { 1, 0, 5, 1, 2 })]        // key runs past the end
    [InlineData(new byte[] { 1, 0, 1, 7, 9, 1 })]     // value runs past the end
    [InlineData(new byte[] { 2, 0x80 })]              // truncated varint
    public void Malformed_representations_are_corruption_naming_the_offset(byte[] data)
    {
        using var b = new WriteBatch();
        var e = Assert.Throws<CorruptionException>(() => b.SetData(data));
        Assert.Contains("write batch", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, b.Count);
    }

    [Fact]
    public void Limits_and_disposal_are_enforced()
    {
        var b = new WriteBatch();
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Put(0, new byte[WriteBatch.MaxKeySize + 1], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Delete(-1, "k"u8));
        Assert.Throws<ArgumentNullException>(() => b.Put((ColumnFamilyHandle)null!, "k"u8, "v"u8));
        b.Put(0, new byte[WriteBatch.MaxKeySize], []);
        b.Dispose();
        b.Dispose();
        Assert.Throws<ObjectDisposedException>(() => b.Put(0, "k"u8, "v"u8));
    }
}

using System.Buffers;
using Workbench.Workloads.Ycsb;

namespace Workbench.Workloads.Tests.Ycsb;

public class RecordCodecTests
{
    [Fact]
    public void Full_record_round_trips_and_has_the_predicted_size()
    {
        var fill = new byte[10 * 100];
        for (var i = 0; i < fill.Length; i++) fill[i] = (byte)(i / 100);
        var w = new ArrayBufferWriter<byte>();
        RecordCodec.WriteFull(w, 10, 100, fill);
        Assert.Equal(RecordCodec.EncodedSize(10, 100), w.WrittenCount);
        Assert.Equal(10, RecordCodec.CountFields(w.WrittenSpan));
        Assert.True(RecordCodec.TryGetField(w.WrittenSpan, 7, out var f7));
        Assert.All(f7.ToArray(), b => Assert.Equal(7, b));
    }

    [Fact]
    public void Replacing_a_field_keeps_the_others()
    {
        var w = new ArrayBufferWriter<byte>();
        RecordCodec.WriteFull(w, 3, 2, [1, 1, 2, 2, 3, 3]);
        var u = new ArrayBufferWriter<byte>();
        RecordCodec.WriteWithField(u, w.WrittenSpan, 1, [9, 9, 9]);
        Assert.Equal(3, RecordCodec.CountFields(u.WrittenSpan));
        Assert.True(RecordCodec.TryGetField(u.WrittenSpan, 0, out var f0));
        Assert.True(RecordCodec.TryGetField(u.WrittenSpan, 1, out var f1));
        Assert.True(RecordCodec.TryGetField(u.WrittenSpan, 2, out var f2));
        Assert.Equal(new byte[] { 1, 1 }, f0.ToArray());
        Assert.Equal(new byte[] { 9, 9, 9 }, f1.ToArray());
        Assert.Equal(new byte[] { 3, 3 }, f2.ToArray());
    }

    [Fact]
    public void Adding_a_missing_field_keeps_index_order()
    {
        var w = new ArrayBufferWriter<byte>();
        RecordCodec.WriteWithField(w, new byte[] { 0 }, 4, [7]);
        Assert.Equal(1, RecordCodec.CountFields(w.WrittenSpan));
        Assert.True(RecordCodec.TryGetField(w.WrittenSpan, 4, out var f));
        Assert.Equal(7, f[0]);
    }

    [Theory]
    [InlineData(10, 256)]
    [InlineData(10, 8192)]
    [InlineData(1, 100)]
    public void Field_length_for_value_size_lands_just_under_the_size(int fields, int size)
    {
        var len = RecordCodec.FieldLengthForValueSize(fields, size);
        Assert.True(RecordCodec.EncodedSize(fields, len) <= size);
        Assert.True(RecordCodec.EncodedSize(fields, len + 1) > size);
    }

    [Fact]
    public void Truncated_record_is_reported()
    {
        var w = new ArrayBufferWriter<byte>();
        RecordCodec.WriteFull(w, 2, 4, new byte[8]);
        var truncated = w.WrittenSpan[..^2].ToArray();
        Assert.Throws<FormatException>(() => RecordCodec.CountFields(truncated));
    }
}

using Workbench.Workloads.Generators;

namespace Workbench.Workloads.Tests.Generators;

public class Fnv64Tests
{
    // Expected values computed from YCSB's Utils.fnvhash64 definition (FNV-1a over 8 bytes, low first, abs).
    [Theory]
    [InlineData(0L, 6284781860667377211L)]
    [InlineData(1L, 8517097267634966620L)]
    [InlineData(2L, 1820151046732198393L)]
    [InlineData(12345L, 1792800413050876852L)]
    public void Matches_ycsb_fnvhash64(long value, long expected) => Assert.Equal(expected, Fnv64.Hash(value));

    [Fact]
    public void Result_is_never_negative_for_small_inputs()
    {
        for (long i = 0; i < 100_000; i++) Assert.True(Fnv64.Hash(i) >= 0, $"hash of {i} is negative");
    }
}

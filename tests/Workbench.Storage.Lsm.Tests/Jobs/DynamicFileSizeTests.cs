using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>level_compaction_dynamic_file_size off: outputs are cut only by size or by max_compaction_bytes of grandparent overlap.</summary>
public class DynamicFileSizeTests
{
    [Fact]
    public void Without_dynamic_file_size_grandparent_boundaries_alone_never_cut()
    {
        static ReadOnlySpan<byte> U(string k) => System.Text.Encoding.ASCII.GetBytes(k);
        var gp = new[] { File(1, "a", "c", 10), File(2, "e", "g", 10), File(3, "i", "k", 10) };
        var on = new GrandparentCutter(gp, targetFileSize: 100, dynamicFileSize: true);
        var off = new GrandparentCutter(gp, targetFileSize: 100, dynamicFileSize: false);
        Assert.False(on.ShouldCutBefore(U("a"), 0));
        Assert.False(off.ShouldCutBefore(U("a"), 0));
        Assert.True(on.ShouldCutBefore(U("d"), 90)); // past a..c at 90% of the target
        Assert.False(off.ShouldCutBefore(U("d"), 90));
        Assert.False(off.ShouldCutBefore(U("z"), 99)); // past every grandparent: still no cut
        // The overlap bound holds either way.
        var small = new GrandparentCutter([File(4, "a", "c", 100), File(5, "e", "g", 100)], targetFileSize: 1, dynamicFileSize: false);
        Assert.False(small.ShouldCutBefore(U("a"), 0));
        Assert.True(small.ShouldCutBefore(U("d"), 0));
    }

    private static FileMetadata File(long number, string lo, string hi, long size) =>
        new(number, size, InternalKey.Make(System.Text.Encoding.ASCII.GetBytes(lo), 1, ValueKind.Value), InternalKey.Make(System.Text.Encoding.ASCII.GetBytes(hi), 1, ValueKind.Value), 1, 1);
}

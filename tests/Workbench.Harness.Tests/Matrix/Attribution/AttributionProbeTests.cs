using Workbench.Harness.Matrix.Attribution;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Matrix.Attribution;

public sealed class AttributionProbeTests
{
    [Fact]
    public void Engine_categories_map_to_layers_and_the_share_is_their_sum_over_device_bytes()
    {
        var p = new PhaseResult { Phase = "run", DeviceBytesWritten = 1000, EngineIo = new() { ["wal"] = 300, ["flush"] = 200, ["raft_log"] = 450 } };
        AttributionProbe.FillFromEngineIo(p);
        Assert.Equal(new Dictionary<string, long> { ["engine.wal"] = 300, ["engine.flush"] = 200, ["raft.raft_log"] = 450 }, p.Attribution);
        Assert.Equal(0.95, p.ExplainedShare!.Value, 6);
        // A phase a probe filled is left alone.
        AttributionProbe.Apply(p, new Dictionary<string, long> { ["raft.raft_log"] = 990 });
        AttributionProbe.FillFromEngineIo(p);
        Assert.Equal(0.99, p.ExplainedShare!.Value, 6);
    }

    [Fact]
    public void Without_device_bytes_there_is_no_attribution_nor_share()
    {
        var p = new PhaseResult { Phase = "run", EngineIo = new() { ["wal"] = 300 } };
        AttributionProbe.FillFromEngineIo(p);
        Assert.Empty(p.Attribution);
        Assert.Null(p.ExplainedShare);
    }

    [Fact]
    public void Deltas_keep_only_what_changed_and_layer_write_amp_is_over_each_layer_total()
    {
        var d = AttributionProbe.Delta(new Dictionary<string, long> { ["raft"] = 50, ["raft_log"] = 50, ["engine"] = 7 }, new Dictionary<string, long> { ["engine"] = 7, ["raft"] = 10, ["raft_log"] = 10 });
        Assert.Equal(new Dictionary<string, long> { ["raft"] = 40, ["raft_log"] = 40 }, d);
        var p = new PhaseResult { Phase = "load", DeviceBytesWritten = 400 };
        AttributionProbe.ApplyLayers(p, d);
        Assert.Equal(40, p.LayerBytes["raft_log"]);
        Assert.Equal(["raft"], p.LayerWriteAmp.Keys.ToArray());
        Assert.Equal(10.0, p.LayerWriteAmp["raft"]);
    }
}

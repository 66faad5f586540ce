using System.Text;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Topology;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Cluster;

public sealed class BasicTests(ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Raw_put_and_get_go_through_the_region_leader_and_reach_every_replica()
    {
        var seed = TestSeed.Fixed(output, 101);
        using var c = new SimulatedCluster(new SimulatedClusterOptions { Seed = seed });
        var client = c.NewRawClient();
        c.Await(client.PutAsync(B("k1"), B("v1")));
        Assert.Equal("v1", Encoding.UTF8.GetString(c.Await(client.GetAsync(B("k1")))!));
        Assert.Null(c.Await(client.GetAsync(B("missing"))));
        c.Await(client.DeleteAsync(B("k1")));
        Assert.Null(c.Await(client.GetAsync(B("k1"))));
        c.Await(client.PutAsync(B("k2"), B("v2")));
        Assert.True(c.RunUntil(() => c.StoreIds.All(id => Local(c, id, "k2") == "v2"), 5_000), "every replica applies the write");
        Assert.Single(c.StoreIds, id => c.LiveStore(id).LeaderCount() == 1);
    }

    internal static string? Local(SimulatedCluster c, ulong store, string key)
    {
        var s = c.LiveStore(store);
        var v = Workbench.Storage.Contract.KvEngineExtensions.Get(s.Engine, s.DataCf(""), B(key));
        return v is null ? null : Encoding.UTF8.GetString(v);
    }
}

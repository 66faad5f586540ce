using Workbench.Cluster.Store;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;

namespace Workbench.Cluster.Tests.Store;

public sealed class EngineBatchBytesTests
{
    [Fact]
    public void Counts_key_and_value_bytes_of_puts_and_deletes_by_column_family()
    {
        var owner = new object();
        var cfs = new[] { new ColumnFamilyHandle(0, "default", owner), new ColumnFamilyHandle(3, "raft", owner) };
        var counter = new EngineBatchBytes(cfs);
        using var batch = new WriteBatch();
        batch.Put(cfs[0], new byte[10], new byte[100]);
        batch.Delete(cfs[1], new byte[7]);
        counter.Add(batch);
        counter.Add(batch);
        var read = counter.Read();
        Assert.Equal(220, read["default"]);
        Assert.Equal(14, read["raft"]);
        Assert.Equal(2, read.Count);
    }
}

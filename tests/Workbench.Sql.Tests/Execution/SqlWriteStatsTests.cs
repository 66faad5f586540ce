using Workbench.Sql.Codec;
using Workbench.Sql.Execution;

namespace Workbench.Sql.Tests.Execution;

/// <summary>The SQL layer's byte counts (DESIGN.md §5.5 row sql): rows and index entries as encoded by the table codec, counted at commit only.</summary>
public sealed class SqlWriteStatsTests : IDisposable
{
    private readonly SqlDatabase _db = TestServer.NewDatabase();

    public void Dispose() => _db.Dispose();

    private static void Run(Executor e, string sql)
    {
        e.ExecuteScript(sql, out var error);
        if (error is not null) throw error;
    }

    [Fact]
    public void Insert_update_delete_count_row_and_index_bytes_as_encoded()
    {
        var e = new Executor(_db.OpenSession("root", null));
        Run(e, "create database d; use d; create table t (id int not null, k int not null, c char(10) not null, primary key (id)); create index kk on t(k)");
        var s = _db.WriteStats;
        Assert.Equal(0, s.TotalBytes); // DDL writes meta records, not rows

        Run(e, "insert into t values (1, 5, 'abc')");
        var table = _db.Catalog.FindTable("d", "t")!;
        var rowKey = TableCodec.RecordKey(table.Id, 1);
        // The stored row is exactly what was counted: key + row-format-v2 value.
        var stored = _db.Store.Begin().Get(rowKey)!;
        Assert.Equal(1, s.RowPuts);
        Assert.Equal(rowKey.Length + stored.Length, s.RowBytes);
        Assert.Equal(1, s.IndexPuts);
        var index = table.Indexes.Single();
        var indexKey = TableCodec.IndexKey(table, index, [Values.SqlValue.FromInt(1), Values.SqlValue.FromInt(5), Values.SqlValue.FromString("abc")], 1, out var distinct);
        Assert.Equal(indexKey.Length + TableCodec.IndexValue(distinct, 1).Length, s.IndexBytes);

        // Changing k rewrites the row, deletes the old index entry and puts the new one.
        var before = (s.RowPuts, s.IndexPuts, s.IndexDeletes);
        Run(e, "update t set k = k + 1 where id = 1");
        Assert.Equal((before.RowPuts + 1, before.IndexPuts + 1, before.IndexDeletes + 1), (s.RowPuts, s.IndexPuts, s.IndexDeletes));

        Run(e, "delete from t where id = 1");
        Assert.Equal(1, s.RowDeletes);
        Assert.Equal(2, s.IndexDeletes);
        Assert.Equal(3, s.Commits);
    }

    [Fact]
    public void Ddl_counts_the_table_data_it_changes_not_its_meta_records()
    {
        var e = new Executor(_db.OpenSession("root", null));
        Run(e, "create database d; use d; create table t (id int not null, k int not null, primary key (id)); insert into t values (1, 1), (2, 2), (3, 3)");
        Assert.Equal(0, _db.WriteStats.IndexPuts);
        Run(e, "create index kk on t(k)"); // the backfill writes one entry per row
        Assert.Equal(3, _db.WriteStats.IndexPuts);
        Run(e, "truncate table t");
        Assert.Equal(3, _db.WriteStats.RowDeletes);
    }

    [Fact]
    public void Rolled_back_and_failed_statements_add_nothing()
    {
        var e = new Executor(_db.OpenSession("root", null));
        Run(e, "create database d; use d; create table t (id int not null, c char(10) not null, primary key (id))");
        Run(e, "begin; insert into t values (1, 'a'), (2, 'b'); rollback");
        Assert.Equal(0, _db.WriteStats.TotalBytes);
        Run(e, "insert into t values (1, 'a')");
        var once = _db.WriteStats.TotalBytes;
        Assert.True(once > 0);
        e.ExecuteScript("insert into t values (1, 'again')", out var duplicate);
        Assert.Equal(1062, duplicate!.Code);
        Assert.Equal(once, _db.WriteStats.TotalBytes);
        // SHOW STATUS names the counters.
        var status = e.ExecuteScript("show status like 'Workbench_sql_write_bytes'", out var error);
        Assert.Null(error);
        Assert.Equal(once.ToString(System.Globalization.CultureInfo.InvariantCulture), status[0].Rows.Single()[1].AsString());
    }
}

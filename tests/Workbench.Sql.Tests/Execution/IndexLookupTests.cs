using Workbench.Sql.Execution;

namespace Workbench.Sql.Tests.Execution;

/// <summary>
/// Index range scans fetch their rows by BatchGet in growing batches (TiDB's IndexLookUp) and range
/// scans size their first page by the LIMIT: the answers must be those of a row-at-a-time read —
/// in index order, across batch and page boundaries, with rows a filter drops, and with the
/// transaction's own uncommitted writes.
/// </summary>
public sealed class IndexLookupTests : IDisposable
{
    private const int Rows = 2500; // more than the largest lookup batch (1024) and several doubling steps
    private readonly SqlDatabase _db = TestServer.NewDatabase();
    private readonly Executor _e;

    public IndexLookupTests()
    {
        _e = new Executor(_db.OpenSession("root", null));
        Run("create database d; use d; create table usertable (YCSB_KEY VARCHAR(64) PRIMARY KEY, FIELD0 TEXT, FIELD1 INT); create table t (id int not null, k int not null, primary key (id))");
        // Inserted in a scrambled order so the handles do not follow the index order.
        var values = new List<string>();
        for (int i = 0; i < Rows; i++)
        {
            int n = (int)((i * 7919L) % Rows);
            values.Add($"('user{n:D5}', 'v{n}', {n % 3})");
            if (values.Count == 250)
            {
                Run("insert into usertable values " + string.Join(",", values));
                values.Clear();
            }
        }
        var tv = new List<string>();
        for (int i = 0; i < Rows; i++) tv.Add($"({i}, {i % 5})");
        Run("insert into t values " + string.Join(",", tv));
    }

    public void Dispose() => _db.Dispose();

    private List<QueryResult> Run(string sql)
    {
        var r = _e.ExecuteScript(sql, out var error);
        if (error is not null) throw error;
        return r;
    }

    private List<string> Column(string sql) => Run(sql)[^1].Rows.Select(row => row[0].ToString()!).ToList();

    private static List<string> Keys(int from, int count) => Enumerable.Range(from, count).Select(n => $"user{n:D5}").ToList();

    [Theory]
    [InlineData(100)]
    [InlineData(1)]
    [InlineData(1500)] // beyond one batch: the second BatchGet continues in order
    public void Scan_with_limit_returns_the_next_rows_in_index_order(int limit)
    {
        Assert.Equal(Keys(1234, Math.Min(limit, Rows - 1234)), Column($"select YCSB_KEY from usertable where YCSB_KEY >= 'user01234' order by YCSB_KEY limit {limit}"));
    }

    [Fact]
    public void Scan_without_limit_reads_every_row_across_growing_batches()
    {
        var keys = Column("select YCSB_KEY from usertable where YCSB_KEY >= 'user00000'");
        Assert.Equal(Keys(0, Rows), keys);
        // Every row's own fields come with its key (a batch must not mix up handles and rows).
        var rows = Run("select YCSB_KEY, FIELD0 from usertable where YCSB_KEY >= 'user02000' order by YCSB_KEY limit 300")[0].Rows;
        Assert.Equal(300, rows.Count);
        foreach (var r in rows) Assert.Equal("v" + int.Parse(r[0].ToString()!["user".Length..]), r[1].ToString());
    }

    [Fact]
    public void A_filter_that_drops_rows_makes_the_scan_read_further_pages()
    {
        // FIELD1 = 0 keeps one row in three: LIMIT 100 needs about 300 index entries, beyond the first page of 100.
        var expected = Enumerable.Range(500, Rows - 500).Where(n => n % 3 == 0).Take(100).Select(n => $"user{n:D5}").ToList();
        Assert.Equal(expected, Column("select YCSB_KEY from usertable where YCSB_KEY >= 'user00500' and FIELD1 = 0 order by YCSB_KEY limit 100"));
        var ids = Enumerable.Range(700, Rows - 700).Where(n => n % 5 == 4).Take(50).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids, Column("select id from t where id >= 700 and k = 4 order by id limit 50"));
    }

    [Fact]
    public void Own_uncommitted_writes_are_seen_by_the_batched_lookup()
    {
        var r = Run("begin; update usertable set FIELD0 = 'changed' where YCSB_KEY = 'user00042'; delete from usertable where YCSB_KEY = 'user00043'; "
            + "insert into usertable values ('user00043x', 'new', 1); select YCSB_KEY, FIELD0 from usertable where YCSB_KEY >= 'user00040' order by YCSB_KEY limit 5; rollback");
        var rows = r[^2].Rows.Select(row => row[0] + "=" + row[1]).ToList();
        Assert.Equal(["user00040=v40", "user00041=v41", "user00042=changed", "user00043x=new", "user00044=v44"], rows);
        Assert.Equal(["v43"], Column("select FIELD0 from usertable where YCSB_KEY = 'user00043'"));
    }
}

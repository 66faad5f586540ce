using Workbench.Sql.Execution;

namespace Workbench.Sql.Tests.Execution;

/// <summary>ORDER BY a column the access path is ordered by needs no sort and lets LIMIT stop the scan (YCSB's scan over SQL); other orders still sort.</summary>
public sealed class KeepOrderTests : IDisposable
{
    private readonly SqlDatabase _db = TestServer.NewDatabase();
    private readonly Executor _e;

    public KeepOrderTests()
    {
        _e = new Executor(_db.OpenSession("root", null));
        Run("create database d; use d; create table usertable (YCSB_KEY VARCHAR(64) PRIMARY KEY, FIELD0 TEXT); create table t (id int not null, k int not null, primary key (id)); create index kk on t(k)");
        Run("insert into usertable values ('user5', 'e'), ('user1', 'a'), ('user3', 'c'), ('user2', 'b'), ('user4', 'd')");
        Run("insert into t values (5, 1), (1, 5), (3, 3), (2, 4), (4, 2)");
    }

    public void Dispose() => _db.Dispose();

    private List<QueryResult> Run(string sql)
    {
        var r = _e.ExecuteScript(sql, out var error);
        if (error is not null) throw error;
        return r;
    }

    private string Rows(string sql) => string.Join("|", Run(sql)[0].Rows.Select(row => string.Join(",", row.Select(v => v.ToString()))));

    private string Plan(string sql) => Rows("explain " + sql);

    [Theory]
    [InlineData("select * from usertable where YCSB_KEY >= 'user2' order by YCSB_KEY limit 2", "user2,b|user3,c")]
    [InlineData("select id from t where id >= 2 order by id limit 3", "2|3|4")]
    [InlineData("select id from t order by id limit 2", "1|2")]
    [InlineData("select id, k from t where k >= 2 order by k limit 2", "4,2|3,3")]
    public void Ordered_access_needs_no_sort_and_answers_as_a_sort_would(string sql, string expected)
    {
        Assert.DoesNotContain("Sort", Plan(sql), StringComparison.Ordinal);
        Assert.Equal(expected, Rows(sql));
    }

    [Theory]
    [InlineData("select * from usertable where YCSB_KEY >= 'user2' order by YCSB_KEY desc limit 2", "user5,e|user4,d")]
    [InlineData("select id from t where id >= 2 order by k limit 2", "5|4")]
    [InlineData("select k as id from t where id >= 2 order by id limit 2", "1|2")] // ORDER BY names the alias (k), as MySQL resolves it
    public void Other_orders_still_sort(string sql, string expected)
    {
        Assert.Contains("Sort", Plan(sql), StringComparison.Ordinal);
        Assert.Equal(expected, Rows(sql));
    }
}

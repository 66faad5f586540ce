using Workbench.Sql.Execution;
using Workbench.Sql.Values;

namespace Workbench.Sql.Tests.Execution;

public sealed class ExecutorTests : IDisposable
{
    private readonly SqlDatabase _db = TestServer.NewDatabase();

    private Executor NewSession(string? db = "d")
    {
        return new Executor(_db.OpenSession("root", db));
    }

    private static List<QueryResult> Run(Executor e, string sql)
    {
        var r = e.ExecuteScript(sql, out var error);
        if (error is not null) throw error;
        return r;
    }

    private static string Rows(QueryResult r) => string.Join("|", r.Rows.Select(row => string.Join(",", row.Select(v => v.ToString()))));

    public ExecutorTests()
    {
        var e = NewSession(null);
        Run(e, "create database d; use d; create table t (id int not null auto_increment, k int default '0' not null, c char(10) default '' not null, primary key (id)); create unique index uc on t(c); create index kk on t(k)");
        Run(e, "insert into t (k, c) values (5, 'a'), (7, 'b'), (5, 'c'), (9, 'd')");
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Each_access_path_is_chosen_and_answers_right()
    {
        var e = NewSession();
        (string sql, string op, string rows)[] cases =
        [
            ("select c from t where id = 2", "Point_Get", "b"),
            ("select c from t where id in (1, 3, 99)", "Batch_Point_Get", "a|c"),
            ("select id from t where c = 'd'", "Point_Get", "4"),
            ("select c from t where id between 2 and 3", "TableRangeScan", "b|c"),
            ("select c from t where k = 5 order by c desc", "IndexRangeScan", "c|a"),
            ("select c from t where c > 'a' and k < 9 order by c limit 1", "IndexRangeScan", "b"),
            ("select c from t where k + 0 = 7 or c = 'd' order by id", "TableFullScan", "b|d"),
        ];
        foreach (var (sql, op, rows) in cases)
        {
            var plan = Rows(Run(e, "explain " + sql)[0]);
            Assert.Contains(op, plan, StringComparison.Ordinal);
            Assert.Equal(rows, Rows(Run(e, sql)[0]));
        }
    }

    [Fact]
    public void Aggregates_group_by_distinct_and_types()
    {
        var e = NewSession();
        var r = Run(e, "select sum(k), count(*), min(c), max(k), avg(k) from t")[0];
        Assert.Equal("26,4,a,9,6.5", Rows(r));
        Assert.Equal(ColumnType.NewDecimal, r.Columns![0].Type);
        Assert.Equal(ColumnType.LongLong, r.Columns![1].Type);
        Assert.Equal("5,2|7,1|9,1", Rows(Run(e, "select k, count(*) from t group by k order by k")[0]));
        Assert.Equal("5|7|9", Rows(Run(e, "select distinct k from t order by k")[0]));
        Assert.Equal("5", Rows(Run(e, "select k from t group by k having count(*) > 1")[0]));
    }

    [Fact]
    public void Update_delete_replace_and_auto_increment()
    {
        var e = NewSession();
        Assert.Equal(2, Run(e, "update t set k=k+1 where k = 5")[0].AffectedRows);
        Assert.Equal("6|6", Rows(Run(e, "select k from t where k = 6")[0]));
        Assert.Empty(Run(e, "select k from t where k = 5")[0].Rows);
        Assert.Equal(1, Run(e, "delete from t where id = 1")[0].AffectedRows);
        var ins = Run(e, "insert into t (id, k, c) values (0, 1, 'z')")[0];
        Assert.True(ins.LastInsertId > 4);
        Assert.Equal(2, Run(e, "replace into t (id, k, c) values (2, 100, 'b2')")[0].AffectedRows);
        Assert.Equal("b2", Rows(Run(e, "select c from t where k = 100")[0]));
    }

    [Fact]
    public void Insert_on_duplicate_key_update_updates_the_colliding_row()
    {
        var e = NewSession();
        Run(e, "create table lists (id int primary key, val text)");
        // New row: inserted (1); existing: the assignments see the old row (2); CONCAT appends.
        Assert.Equal(1, Run(e, "insert into lists (id, val) values (1, '7') on duplicate key update val = concat(val, ',', '7')")[0].AffectedRows);
        Assert.Equal(2, Run(e, "insert into lists (id, val) values (1, '8') on duplicate key update val = concat(val, ',', '8')")[0].AffectedRows);
        Assert.Equal(2, Run(e, "insert into lists (id, val) values (1, '9') on duplicate key update lists.val = concat(val, ',', '9')")[0].AffectedRows);
        Assert.Equal("7,8,9", Rows(Run(e, "select val from lists where id = 1")[0]));
        // Unchanged existing row: 0 affected (1 with CLIENT_FOUND_ROWS); a unique-index collision updates that row.
        Assert.Equal(0, Run(e, "insert into lists values (1, 'x') on duplicate key update val = val")[0].AffectedRows);
        Assert.Equal(2, Run(e, "insert into t (k, c) values (1, 'a') on duplicate key update k = k + 100")[0].AffectedRows);
        Assert.Equal("105", Rows(Run(e, "select k from t where c = 'a'")[0]));
        // Inside a transaction the staged row is the one updated.
        Run(e, "begin; insert into lists values (2, '1') on duplicate key update val = concat(val, ',', '1'); insert into lists values (2, '2') on duplicate key update val = concat(val, ',', '2'); commit");
        Assert.Equal("1,2", Rows(Run(e, "select val from lists where id = 2")[0]));
    }

    [Fact]
    public void Update_reports_matched_rows_when_the_client_asks_for_found_rows()
    {
        var e = NewSession();
        Assert.Equal(0, Run(e, "update t set k = 5 where id = 1")[0].AffectedRows); // k is already 5: changed 0
        e.Session.ClientFoundRows = true;
        Assert.Equal(1, Run(e, "update t set k = 5 where id = 1")[0].AffectedRows);
        Assert.Equal(0, Run(e, "update t set k = 6 where id = 1 and k = 4")[0].AffectedRows);
        Assert.Equal(1, Run(e, "insert into t (id, k, c) values (1, 5, 'a') on duplicate key update k = 5")[0].AffectedRows);
    }

    [Fact]
    public void Select_for_update_makes_a_later_write_to_the_row_a_conflict()
    {
        var a = NewSession();
        var b = NewSession();
        Run(a, "begin; select k from t where id = 2 for update");
        Run(b, "update t set k = 70 where id = 2");
        Run(a, "update t set k = 71 where id = 3");
        a.ExecuteScript("commit", out var error);
        Assert.Equal(1213, error!.Code);
        Assert.Equal("9", Rows(Run(a, "select k from t where id = 4")[0]));
        Assert.Equal("5", Rows(Run(a, "select k from t where id = 3")[0]));
    }

    [Fact]
    public void Errors_carry_mysql_codes_and_sqlstates()
    {
        var e = NewSession();
        (string sql, int code, string state)[] cases =
        [
            ("insert into t (id, k, c) values (1, 1, 'q')", 1062, "23000"),
            ("insert into t (k, c) values (1, 'a')", 1062, "23000"),
            ("select * from nope", 1146, "42S02"),
            ("select nope from t", 1054, "42S22"),
            ("selec 1", 1064, "42000"),
            ("use nodb", 1049, "42000"),
            ("create table t (a int)", 1050, "42S01"),
        ];
        foreach (var (sql, code, state) in cases)
        {
            e.ExecuteScript(sql, out var error);
            Assert.NotNull(error);
            Assert.Equal(code, error!.Code);
            Assert.Equal(state, error.SqlState);
        }
    }

    [Fact]
    public void Write_conflict_is_1213_and_rolls_the_transaction_back()
    {
        var a = NewSession();
        var b = NewSession();
        Run(a, "begin; update t set k = 50 where id = 1");
        Run(b, "begin; update t set k = 60 where id = 1; commit");
        a.ExecuteScript("commit", out var error);
        Assert.Equal(1213, error!.Code);
        Assert.Equal("40001", error.SqlState);
        Assert.False(a.Session.InTransaction);
        Assert.Equal("60", Rows(Run(a, "select k from t where id = 1")[0]));
    }

    [Fact]
    public void Explicit_transaction_sees_its_own_writes_and_rollback_discards_them()
    {
        var a = NewSession();
        var b = NewSession();
        Run(a, "start transaction; insert into t (k, c) values (42, 'x')");
        Assert.Single(Run(a, "select c from t where k = 42")[0].Rows);
        Assert.Empty(Run(b, "select c from t where k = 42")[0].Rows);
        Run(a, "rollback");
        Assert.Empty(Run(a, "select c from t where k = 42")[0].Rows);
        Run(a, "set autocommit = 0; insert into t (k, c) values (43, 'y')");
        Assert.Empty(Run(b, "select c from t where k = 43")[0].Rows);
        Run(a, "commit");
        Assert.Single(Run(b, "select c from t where k = 43")[0].Rows);
    }

    [Fact]
    public void Failed_statement_leaves_the_transaction_as_it_was()
    {
        var a = NewSession();
        Run(a, "begin");
        a.ExecuteScript("insert into t (k, c) values (70, 'new'), (71, 'a')", out var error);
        Assert.Equal(1062, error!.Code);
        Run(a, "commit");
        Assert.Empty(Run(a, "select c from t where k = 70")[0].Rows);
    }

    [Fact]
    public void Catalog_survives_reopen_of_the_database()
    {
        var e = NewSession();
        var fresh = new SqlDatabase(_db.Store, ownsStore: false);
        var f = new Executor(fresh.OpenSession("root", "d"));
        Assert.Equal("4", Rows(Run(f, "select count(*) from t")[0]));
        Assert.Contains("UNIQUE KEY `uc`", Rows(Run(f, "show create table t")[0]), StringComparison.Ordinal);
        _ = e;
    }

    [Fact]
    public void Session_functions_and_variables()
    {
        var e = NewSession();
        Assert.Equal("d,root@127.0.0.1", Rows(Run(e, "select DATABASE(), USER()")[0]));
        Assert.Equal(SqlDatabase.ServerVersion, Rows(Run(e, "select VERSION()")[0]));
        Assert.Equal("1", Rows(Run(e, "select @@autocommit")[0]));
        Assert.Equal("utf8mb4", Rows(Run(e, "select @@character_set_client")[0]));
        Assert.Contains("autocommit", Rows(Run(e, "show variables like 'auto%'")[0]), StringComparison.Ordinal);
        Assert.Equal("t", Rows(Run(e, "show tables")[0]));
        _ = SqlValue.Null;
    }
}

using MySqlConnector;

namespace Workbench.Sql.Tests.Protocol;

/// <summary>MySqlConnector 3.0.0 as the client: text and prepared queries, pooling (COM_RESET_CONNECTION), transactions, errors.</summary>
public class MySqlConnectorTests : IAsyncLifetime
{
    private TestServer _server = null!;

    /// <summary>The server's connection mode under test (thread per connection, the default; or async on the thread pool).</summary>
    protected virtual bool ThreadPerConnection => true;

    public Task InitializeAsync()
    {
        _server = new TestServer(ThreadPerConnection);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await _server.DisposeAsync();
    }

    private async Task<MySqlConnection> Open(bool pooling = false, string user = "root", string password = "", string db = "sbtest")
    {
        var c = new MySqlConnection(_server.ConnectionString(user, password, db, pooling));
        await c.OpenAsync();
        return c;
    }

    private static async Task Exec(MySqlConnection c, string sql)
    {
        using var cmd = new MySqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Text_queries_return_typed_columns()
    {
        using var c = await Open();
        await Exec(c, "create table t (id int primary key, k bigint, c varchar(20), d decimal(10,2), x double)");
        await Exec(c, "insert into t values (1, 10, 'a', 1.50, 0.25), (2, 20, NULL, -2.00, 1e3)");
        using var cmd = new MySqlCommand("select id, k, c, d, x, sum(k) over_sum from t where id = 2", c);
        // "over_sum" is an alias; SUM makes this an aggregate over the one row.
        using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal(2, r.GetInt32(0));
            Assert.Equal(20L, r.GetInt64(1));
            Assert.True(r.IsDBNull(2));
            Assert.Equal(-2.00m, r.GetDecimal(3));
            Assert.Equal(1000.0, r.GetDouble(4));
            Assert.Equal(20m, r.GetDecimal(5));
            Assert.Equal(typeof(decimal), r.GetFieldType(5));
            Assert.False(await r.ReadAsync());
        }
        using var count = new MySqlCommand("select count(*) from t", c);
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Prepared_statements_bind_parameters_and_return_binary_rows()
    {
        using var c = await Open();
        await Exec(c, "create table p (id int not null auto_increment, k int default '0' not null, c char(20) default '' not null, primary key (id))");
        using (var ins = new MySqlCommand("insert into p (k, c) values (@k, @c)", c))
        {
            ins.Parameters.AddWithValue("@k", 0);
            ins.Parameters.AddWithValue("@c", "");
            await ins.PrepareAsync();
            for (int i = 1; i <= 20; i++)
            {
                ins.Parameters["@k"].Value = i * 10;
                ins.Parameters["@c"].Value = "row" + i;
                Assert.Equal(1, await ins.ExecuteNonQueryAsync());
            }
        }
        using var sel = new MySqlCommand("select c, k from p where id between @a and @b order by c", c);
        sel.Parameters.AddWithValue("@a", 3);
        sel.Parameters.AddWithValue("@b", 5);
        await sel.PrepareAsync();
        var got = new List<string>();
        using (var r = await sel.ExecuteReaderAsync())
            while (await r.ReadAsync()) got.Add(r.GetString(0) + "=" + r.GetInt32(1));
        Assert.Equal(["row3=30", "row4=40", "row5=50"], got);
        sel.Parameters["@a"].Value = 20;
        sel.Parameters["@b"].Value = 99;
        using (var r = await sel.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal("row20", r.GetString(0));
        }
        using var sum = new MySqlCommand("select sum(k) from p where id between @a and @b", c);
        sum.Parameters.AddWithValue("@a", 1);
        sum.Parameters.AddWithValue("@b", 20);
        await sum.PrepareAsync();
        Assert.Equal(2100m, await sum.ExecuteScalarAsync());
    }

    /// <summary>MySQL's legacy VALUES(col) in ON DUPLICATE KEY UPDATE (what sysbench-like tools and ORMs send): each colliding row gets its own would-be value, text and prepared, and VALUES() elsewhere is NULL.</summary>
    [Fact]
    public async Task Insert_on_duplicate_key_update_reads_the_rows_would_be_values_with_values_col()
    {
        using var c = await Open();
        await Exec(c, "create table counters (id int primary key, n bigint not null, label varchar(20), seen int default 7)");
        await Exec(c, "insert into counters (id, n, label) values (1, 10, 'a'), (2, 20, 'b')");
        using (var upsert = new MySqlCommand("insert into counters (id, n, label) values (1, 5, 'x'), (2, 6, 'y'), (3, 7, 'z') on duplicate key update n = values(n) + n, label = concat(label, values(label)), seen = values(seen) + 1", c))
            Assert.Equal(2 + 2 + 1, await upsert.ExecuteNonQueryAsync()); // two rows changed (2 each), one inserted (1)
        using (var prepared = new MySqlCommand("insert into counters (id, n) values (@id, @n) on duplicate key update n = n + VALUES(n)", c))
        {
            prepared.Parameters.AddWithValue("@id", 1);
            prepared.Parameters.AddWithValue("@n", 100);
            await prepared.PrepareAsync();
            Assert.Equal(2, await prepared.ExecuteNonQueryAsync());
        }
        var rows = new List<(int, long, string, int)>();
        using (var read = new MySqlCommand("select id, n, label, seen from counters", c))
        using (var r = await read.ExecuteReaderAsync())
            while (await r.ReadAsync()) rows.Add((r.GetInt32(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3)));
        // The would-be row carries the column default (seen 7), so VALUES(seen) + 1 is 8.
        Assert.Equal([(1, 115L, "ax", 8), (2, 26L, "by", 8), (3, 7L, "z", 7)], rows.OrderBy(x => x.Item1));
        using var outside = new MySqlCommand("select values(n) from counters where id = 1", c);
        Assert.Equal(DBNull.Value, await outside.ExecuteScalarAsync());
        using var bad = new MySqlCommand("insert into counters (id, n) values (1, 1) on duplicate key update n = values(n + 1)", c);
        Assert.Equal(1064, Assert.IsType<MySqlException>(await Record.ExceptionAsync(() => bad.ExecuteNonQueryAsync())).Number);
    }

    [Fact]
    public async Task Pooled_connections_are_reset_with_com_reset_connection()
    {
        using (var c = await Open(pooling: true))
        {
            await Exec(c, "set @marker = 5");
            await Exec(c, "begin");
            await Exec(c, "create table if not exists pool_t (id int primary key)");
        }
        for (int i = 0; i < 3; i++)
        {
            using var c = await Open(pooling: true);
            using var cmd = new MySqlCommand("select @marker, @@autocommit", c);
            using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.True(r.IsDBNull(0));
            Assert.Equal(1L, Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Transactions_commit_roll_back_and_conflicts_are_1213()
    {
        using var a = await Open();
        using var b = await Open();
        await Exec(a, "create table acct (id int primary key, bal int)");
        await Exec(a, "insert into acct values (1, 100), (2, 100)");
        using (var tx = await a.BeginTransactionAsync())
        {
            using var cmd = new MySqlCommand("update acct set bal = bal - 10 where id = 1", a, tx);
            await cmd.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        using (var q = new MySqlCommand("select bal from acct where id = 1", b))
            Assert.Equal(100, await q.ExecuteScalarAsync());
        using var ta = await a.BeginTransactionAsync();
        using (var cmd = new MySqlCommand("update acct set bal = 1 where id = 2", a, ta)) await cmd.ExecuteNonQueryAsync();
        using (var tb = await b.BeginTransactionAsync())
        {
            using var cmd = new MySqlCommand("update acct set bal = 2 where id = 2", b, tb);
            await cmd.ExecuteNonQueryAsync();
            await tb.CommitAsync();
        }
        var e = await Assert.ThrowsAsync<MySqlException>(() => ta.CommitAsync());
        Assert.Equal(1213, e.Number);
        Assert.Equal("40001", e.SqlState);
        using (var q = new MySqlCommand("select bal from acct where id = 2", b))
            Assert.Equal(2, await q.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Errors_have_codes_and_states_and_the_connection_goes_on()
    {
        using var c = await Open();
        (string sql, int code, string state)[] cases =
        [
            ("select * from missing", 1146, "42S02"),
            ("selectt 1", 1064, "42000"),
            ("create table dup (id int primary key); insert into dup values (1); insert into dup values (1)", 1062, "23000"),
        ];
        foreach (var (sql, code, state) in cases)
        {
            var e = await Assert.ThrowsAsync<MySqlException>(() => Exec(c, sql));
            Assert.Equal(code, e.Number);
            Assert.Equal(state, e.SqlState);
        }
        using var ok = new MySqlCommand("select 1 + 1", c);
        Assert.Equal(2L, await ok.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Wrong_password_is_1045_and_right_one_lands_in_the_users_database()
    {
        var e = await Assert.ThrowsAsync<MySqlException>(() => Open(user: "sbtest", password: "nope", db: ""));
        Assert.Equal(1045, e.Number);
        using var c = await Open(user: "sbtest", password: "sbtest", db: "");
        using var cmd = new MySqlCommand("select database()", c);
        Assert.Equal("sbtest", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Many_concurrent_connections_each_get_their_rows()
    {
        using (var c = await Open()) await Exec(c, "create table conc (id int primary key, who int)");
        var tasks = new List<Task>();
        for (int w = 0; w < 24; w++)
        {
            int who = w;
            tasks.Add(Task.Run(async () =>
            {
                using var c = await Open();
                for (int i = 0; i < 10; i++) await Exec(c, $"insert into conc values ({who * 100 + i}, {who})");
                using var cmd = new MySqlCommand($"select count(*) from conc where who = {who}", c);
                Assert.Equal(10L, await cmd.ExecuteScalarAsync());
            }));
        }
        await Task.WhenAll(tasks);
        using var all = await Open();
        using var total = new MySqlCommand("select count(*) from conc", all);
        Assert.Equal(240L, await total.ExecuteScalarAsync());
    }
}

/// <summary>The same client tests against the server's async connection mode (<c>ThreadPerConnection = false</c>).</summary>
public sealed class MySqlConnectorAsyncServerTests : MySqlConnectorTests
{
    protected override bool ThreadPerConnection => false;
}

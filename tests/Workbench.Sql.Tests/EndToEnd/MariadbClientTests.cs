namespace Workbench.Sql.Tests.EndToEnd;

/// <summary>The real `mariadb` client (Debian package mariadb-client) running a scripted session with completion on (auto-rehash: SHOW TABLES and COM_FIELD_LIST at connect).</summary>
public sealed class MariadbClientTests
{
    [Fact]
    public async Task Scripted_session_prints_what_mysql_would()
    {
        var mariadb = ExternalTool.Find("mariadb");
        if (mariadb is null)
        {
            Console.WriteLine("SKIPPED: the mariadb client is not installed (./run.sh test installs the Debian package mariadb-client)");
            return;
        }
        await using var server = new TestServer();
        string script = """
            create database shop;
            use shop
            create table items (id int not null auto_increment primary key, name varchar(20) not null, price decimal(8,2));
            insert into items (name, price) values ('apple', 1.25), ('pear', 2.50);
            select id, name, price from items order by id;
            select count(*), sum(price) from items;
            \s
            use sbtest
            select database();
            """;
        // First login lands in sbtest with completion on; the session then creates and uses another database.
        var (exit, output) = await ExternalTool.RunAsync(mariadb, $"-h127.0.0.1 -P{server.Port} -uroot --skip-ssl --auto-rehash -D sbtest --table", script, 60);
        Assert.True(exit == 0, output);
        Assert.Contains("| apple |  1.25 |", output, StringComparison.Ordinal);
        Assert.Contains("|        2 |       3.75 |", output, StringComparison.Ordinal);
        Assert.Contains("Server version:", output, StringComparison.Ordinal);
        Assert.Contains("8.0.11-Workbench", output, StringComparison.Ordinal);
        Assert.Contains("Uptime:", output, StringComparison.Ordinal);
        Assert.Contains("Current database:\tshop", output, StringComparison.Ordinal);
        Assert.Contains("| sbtest     |", output, StringComparison.Ordinal);
    }
}

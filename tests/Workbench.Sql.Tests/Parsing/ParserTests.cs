using Workbench.Sql.Ast;
using Workbench.Sql.Parsing;

namespace Workbench.Sql.Tests.Parsing;

public class ParserTests
{
    [Fact]
    public void Sysbench_create_table_with_executable_comment_parses()
    {
        var s = Assert.IsType<CreateTableStatement>(Parser.ParseSingle("""
            CREATE TABLE sbtest1(
              id INTEGER NOT NULL AUTO_INCREMENT,
              k INTEGER DEFAULT '0' NOT NULL,
              c CHAR(120) DEFAULT '' NOT NULL,
              pad CHAR(60) DEFAULT '' NOT NULL,
              PRIMARY KEY (id)
            ) /*! ENGINE = innodb */
            """, out _));
        Assert.Equal(4, s.Columns.Count);
        Assert.True(s.Columns[0].AutoIncrement);
        Assert.Equal("0", s.Columns[1].DefaultText);
        Assert.Equal(120, s.Columns[2].Length);
        Assert.Single(s.Indexes);
        Assert.True(s.Indexes[0].Primary);
    }

    [Theory]
    [InlineData("SELECT c FROM sbtest1 WHERE id=?", 1)]
    [InlineData("SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c", 2)]
    [InlineData("UPDATE sbtest1 SET k=k+1 WHERE id=?", 1)]
    [InlineData("INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)", 4)]
    [InlineData("DELETE FROM sbtest1 WHERE id=?", 1)]
    public void Sysbench_statements_count_their_parameters(string sql, int parameters)
    {
        Parser.ParseSingle(sql, out int n);
        Assert.Equal(parameters, n);
    }

    [Fact]
    public void Where_precedence_and_binds_or_lower_than_and()
    {
        var s = Assert.IsType<SelectStatement>(Parser.ParseSingle("select a from t where a = 1 or b = 2 and not c is null", out _));
        var or = Assert.IsType<Binary>(s.Where);
        Assert.Equal(BinaryOp.Or, or.Op);
        var and = Assert.IsType<Binary>(or.Right);
        Assert.Equal(BinaryOp.And, and.Op);
        Assert.IsType<Unary>(and.Right);
    }

    [Fact]
    public void Script_splits_statements_and_ignores_comments()
    {
        var list = Parser.ParseScript("select 1; -- note\n select 'a;b' ; /* c */ show tables;");
        Assert.Equal(3, list.Count);
        Assert.IsType<ShowStatement>(list[2]);
    }

    [Theory]
    [InlineData("SELEC 1", 0, "SELEC")]
    [InlineData("select a from t where", 21, "end of statement")]
    [InlineData("create table t (a int,, b int)", 22, "','")]
    public void Syntax_errors_are_1064_and_name_the_position_and_token(string sql, int position, string token)
    {
        var e = Assert.Throws<SqlException>(() => Parser.ParseSingle(sql, out _));
        Assert.Equal(1064, e.Code);
        Assert.Equal("42000", e.SqlState);
        Assert.Contains($"position {position}", e.Message, StringComparison.Ordinal);
        Assert.Contains(token, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_show_and_transaction_statements_parse()
    {
        Assert.IsType<SetStatement>(Parser.ParseSingle("SET SESSION autocommit = 0", out _));
        Assert.IsType<SetStatement>(Parser.ParseSingle("SET NAMES utf8mb4", out _));
        Assert.IsType<SetStatement>(Parser.ParseSingle("set session transaction isolation level repeatable read", out _));
        Assert.Equal(ShowKind.Variables, Assert.IsType<ShowStatement>(Parser.ParseSingle("SHOW VARIABLES LIKE 'auto%'", out _)).Kind);
        Assert.Equal(TransactionAction.Begin, Assert.IsType<TransactionStatement>(Parser.ParseSingle("START TRANSACTION", out _)).Action);
        Assert.IsType<ExplainStatement>(Parser.ParseSingle("EXPLAIN SELECT * FROM t WHERE id IN (1,2)", out _));
    }

    [Fact]
    public void Insert_on_duplicate_key_update_parses_its_assignments()
    {
        var s = Assert.IsType<InsertStatement>(Parser.ParseSingle("INSERT INTO lists (id, val) VALUES (?, ?) ON DUPLICATE KEY UPDATE val = CONCAT(val, ',', ?), lists.id = id", out int parameters));
        Assert.Equal(3, parameters);
        Assert.Equal(["val", "id"], s.OnDuplicate.Select(a => a.Column));
        Assert.Empty(Assert.IsType<InsertStatement>(Parser.ParseSingle("INSERT INTO t VALUES (1)", out _)).OnDuplicate);
        Assert.Throws<SqlException>(() => Parser.ParseSingle("INSERT INTO t VALUES (1) ON DUPLICATE UPDATE a = 1", out _));
        Assert.Throws<SqlException>(() => Parser.ParseSingle("REPLACE INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1", out _));
        Assert.True(Assert.IsType<SelectStatement>(Parser.ParseSingle("SELECT balance FROM accounts WHERE id = ? FOR UPDATE", out _)).ForUpdate);
    }
}

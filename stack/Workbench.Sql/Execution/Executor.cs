using Workbench.Sql.Ast;
using Workbench.Sql.Parsing;
using Workbench.Sql.Transactions;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

/// <summary>
/// Runs statements for one session. Transactions: BEGIN opens an explicit one; otherwise each
/// statement runs in its own (autocommit) or opens one that lasts until COMMIT/ROLLBACK (autocommit
/// off). A statement's writes are staged and applied to the transaction only if it succeeds. A
/// write conflict at commit is MySQL 1213 and the transaction is rolled back on the server. DDL
/// commits the open transaction first (MySQL's implicit commit) and runs in its own.
/// </summary>
internal sealed partial class Executor(Session session)
{
    private readonly Session _session = session ?? throw new ArgumentNullException(nameof(session));
    private SqlDatabase Db => _session.Database;
    private static readonly IReadOnlyList<SqlValue> NoParameters = [];

    public Session Session => _session;

    /// <summary>Parses and runs every statement of a COM_QUERY text; stops at the first error (results so far are returned with it).</summary>
    public List<QueryResult> ExecuteScript(string sql, out SqlException? error)
    {
        var results = new List<QueryResult>();
        error = null;
        List<Statement> statements;
        try
        {
            statements = Parser.ParseScript(sql);
        }
        catch (SqlException e)
        {
            error = e;
            return results;
        }
        if (statements.Count == 0) { error = new SqlException(1065, "42000", "Query was empty"); return results; }
        foreach (var s in statements)
        {
            try
            {
                results.Add(Execute(s, NoParameters));
            }
            catch (SqlException e)
            {
                error = e;
                break;
            }
        }
        return results;
    }

    public QueryResult Execute(Statement statement, IReadOnlyList<SqlValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(statement);
        Db.CountQuestion();
        if (statement is not ShowStatement { Kind: ShowKind.Warnings }) _session.Warnings.Clear();
        try
        {
            var r = Dispatch(statement, parameters);
            if (!r.IsResultSet) _session.LastAffectedRows = r.AffectedRows;
            else _session.LastFoundRows = r.Rows.Count;
            return r;
        }
        catch (WriteConflictException e)
        {
            AbortTransaction();
            throw SqlException.Conflict(e.Message);
        }
        catch (FormatException e)
        {
            throw new SqlException(1105, "HY000", "stored data could not be decoded: " + e.Message);
        }
        catch (Storage.Errors.StorageException e)
        {
            AbortTransaction();
            throw new SqlException(1105, "HY000", "storage error: " + e.Message);
        }
        catch (Exception e) when (e is not SqlException and not OutOfMemoryException)
        {
            // Anything else from below (a cluster RPC that timed out, a region that stayed
            // unavailable) fails the statement with an error packet instead of dropping the
            // connection; the open transaction stays as it was before the statement.
            throw new SqlException(1105, "HY000", $"internal error ({e.GetType().Name}): {e.Message}");
        }
    }

    private QueryResult Dispatch(Statement statement, IReadOnlyList<SqlValue> p)
    {
        switch (statement)
        {
            case TransactionStatement t: return RunTransactionStatement(t);
            case SelectStatement s when s.From is null: return RunSelect(s, p, null);
            case SelectStatement s: return InTransaction(w => RunSelect(s, p, w));
            case InsertStatement i: return InTransaction(w => RunInsert(i, p, w));
            case UpdateStatement u: return InTransaction(w => RunUpdate(u, p, w));
            case DeleteStatement d: return InTransaction(w => RunDelete(d, p, w));
            case ExplainStatement e: return Explain(e.Inner);
            case SetStatement s: return RunSet(s, p);
            case ShowStatement s: return RunShow(s);
            case DatabaseStatement d: return RunDatabase(d);
            case CreateTableStatement or CreateIndexStatement or DropTableStatement or TruncateStatement:
                ImplicitCommit();
                return RunDdl(statement);
            case NoOpStatement: return QueryResult.Ok();
            default: throw SqlException.Unsupported(statement.GetType().Name);
        }
    }

    private QueryResult RunTransactionStatement(TransactionStatement t)
    {
        switch (t.Action)
        {
            case TransactionAction.Begin:
                ImplicitCommit();
                _session.Transaction = Db.BeginTransaction();
                return QueryResult.Ok();
            case TransactionAction.Commit:
                ImplicitCommit();
                return QueryResult.Ok();
            default:
                AbortTransaction();
                return QueryResult.Ok();
        }
    }

    /// <summary>Commits the open transaction, if any (a conflict is 1213 and leaves no transaction).</summary>
    private void ImplicitCommit()
    {
        var txn = _session.Transaction;
        if (txn is null) return;
        _session.Transaction = null;
        try
        {
            txn.Commit();
        }
        catch (WriteConflictException e)
        {
            throw SqlException.Conflict(e.Message);
        }
    }

    private void AbortTransaction()
    {
        var txn = _session.Transaction;
        _session.Transaction = null;
        txn?.Rollback();
    }

    /// <summary>Runs a statement in the session's transaction, or in its own when none is open and autocommit is on.</summary>
    private QueryResult InTransaction(Func<StatementWrites, QueryResult> run)
    {
        var txn = _session.Transaction;
        bool own = txn is null && _session.Autocommit;
        if (txn is null)
        {
            txn = Db.BeginTransaction();
            if (!own) _session.Transaction = txn;
        }
        var writes = new StatementWrites(txn);
        try
        {
            var r = run(writes);
            writes.Apply();
            if (own) txn.Commit();
            return r;
        }
        catch
        {
            if (own) txn.Rollback();
            throw;
        }
    }

    private QueryResult RunSet(SetStatement s, IReadOnlyList<SqlValue> p)
    {
        var ctx = new EvalContext(_session, p);
        foreach (var (name, user, expr) in s.Assignments)
        {
            var v = Evaluator.Eval(expr, ctx);
            if (user) { _session.UserVariables[name] = v; continue; }
            bool wasAutocommit = _session.Autocommit;
            _session.SetSystemVariable(name, v);
            // Turning autocommit on commits the open transaction (MySQL).
            if (!wasAutocommit && _session.Autocommit) ImplicitCommit();
        }
        return QueryResult.Ok();
    }

    private QueryResult RunDatabase(DatabaseStatement d)
    {
        switch (d.Action)
        {
            case DatabaseAction.Use:
            {
                var name = Db.Catalog.CanonicalDatabaseName(d.Name) ?? throw SqlException.UnknownDatabase(d.Name);
                _session.CurrentDatabase = name;
                return QueryResult.Ok();
            }
            case DatabaseAction.Create:
                ImplicitCommit();
                return RunCreateDatabase(d);
            default:
                ImplicitCommit();
                return RunDropDatabase(d);
        }
    }

    internal string DatabaseOf(TableName t)
    {
        var db = t.Database ?? _session.CurrentDatabase ?? throw SqlException.NoDatabase();
        return db;
    }

    /// <summary>The result columns a statement will produce (for COM_STMT_PREPARE), or null when it returns no result set.</summary>
    public IReadOnlyList<ResultColumn>? DescribeColumns(Statement statement)
    {
        switch (statement)
        {
            case SelectStatement s:
            {
                var t = s.From is null ? null : ResolveTable(s.From);
                PlanSelect(s, t);
                var cols = new List<ResultColumn>();
                foreach (var item in s.Items)
                {
                    if (item.Star)
                    {
                        if (t is null) throw new SqlException(1096, "HY000", "No tables used");
                        foreach (var c in t.Columns) cols.Add(ColumnOf(t, c));
                        continue;
                    }
                    cols.Add(Describe(item.Expr!, item.Alias ?? (item.Expr is Ast.ColumnRef cr ? cr.Name : item.Text), t));
                }
                return cols;
            }
            default:
                return null;
        }
    }
}

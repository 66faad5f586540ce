using System.Globalization;
using Workbench.Sql.Ast;
using Workbench.Sql.Catalog;
using Workbench.Sql.Codec;
using Workbench.Sql.Planning;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

internal sealed partial class Executor
{
    private QueryResult RunInsert(InsertStatement s, IReadOnlyList<SqlValue> p, StatementWrites w)
    {
        var t = ResolveTable(s.Table);
        var ctx = new EvalContext(_session, p);
        var targets = new List<ColumnInfo>();
        if (s.Columns.Count == 0) targets.AddRange(t.Columns);
        else foreach (var name in s.Columns) targets.Add(t.FindColumn(name) ?? throw SqlException.UnknownColumn(name, "field list"));
        int autoCol = t.AutoIncrementColumn;
        long firstId = 0, affected = 0;
        var onDuplicate = s.OnDuplicate.Count == 0 ? null : BindAssignments(t, s.OnDuplicate);
        foreach (var values in s.Rows)
        {
            if (values.Count != targets.Count) throw new SqlException(1136, "21S01", $"Column count doesn't match value count at row {affected + 1}");
            var row = new SqlValue[t.Columns.Count];
            var given = new bool[t.Columns.Count];
            for (int i = 0; i < targets.Count; i++)
            {
                var c = targets[i];
                given[c.Offset] = true;
                row[c.Offset] = values[i] is FunctionCall { Name: "DEFAULT", Args.Count: 0 } ? c.DefaultValue() : c.Convert(Evaluator.Eval(values[i], ctx));
            }
            for (int i = 0; i < row.Length; i++) if (!given[i]) row[i] = t.Columns[i].DefaultValue();
            if (autoCol >= 0)
            {
                var v = row[autoCol];
                if (v.IsNull || v.AsInt() == 0)
                {
                    long id = Db.Allocator(t).Next();
                    row[autoCol] = SqlValue.FromInt(id);
                    if (firstId == 0) firstId = id;
                }
                else Db.Allocator(t).Rebase(v.AsInt());
            }
            CheckNotNull(t, row);
            long handle = t.HandleColumn >= 0 ? row[t.HandleColumn].AsInt() : Db.Allocator(t).Next();
            if (onDuplicate is not null && FindCollision(t, row, handle, w) is { } hit)
            {
                // MySQL: 2 when the existing row changed, 0 when it did not (1 with CLIENT_FOUND_ROWS).
                ctx.InsertRow = row; // VALUES(col) in the assignments: this row's value (defaults and auto id included)
                bool changed = UpdateRow(t, hit.Handle, hit.Row, onDuplicate, s.OnDuplicate, ctx, w);
                ctx.InsertRow = null;
                affected += changed ? 2 : _session.ClientFoundRows ? 1 : 0;
                continue;
            }
            affected += InsertRow(t, row, handle, s.Replace, w);
        }
        if (firstId != 0) _session.LastInsertId = firstId;
        return QueryResult.Ok(affected, firstId, s.Rows.Count > 1 ? $"Records: {s.Rows.Count}  Duplicates: 0  Warnings: 0" : "");
    }

    private List<ColumnInfo> BindAssignments(TableInfo t, List<Assignment> assignments)
    {
        var targets = new List<ColumnInfo>();
        foreach (var a in assignments)
        {
            targets.Add(t.FindColumn(a.Column) ?? throw SqlException.UnknownColumn(a.Column, "field list"));
            Bind(a.Value, t, "field list");
        }
        return targets;
    }

    /// <summary>The existing row a new row would collide with: same handle, or same values in a unique index (checked in index order, as MySQL); null when none.</summary>
    private static (long Handle, SqlValue[] Row)? FindCollision(TableInfo t, SqlValue[] row, long handle, StatementWrites w)
    {
        if (w.Get(TableCodec.RecordKey(t.Id, handle)) is { } existing) return (handle, RowCodecV2.Decode(t, existing, handle));
        foreach (var index in t.Indexes)
        {
            var key = TableCodec.IndexKey(t, index, row, handle, out bool distinct);
            if (!distinct || w.Get(key) is not { } other) continue;
            long otherHandle = TableCodec.DecodeIndexHandle(key, other);
            if (w.Get(TableCodec.RecordKey(t.Id, otherHandle)) is { } otherRow) return (otherHandle, RowCodecV2.Decode(t, otherRow, otherHandle));
        }
        return null;
    }

    private static void CheckNotNull(TableInfo t, SqlValue[] row)
    {
        foreach (var c in t.Columns)
            if (c.NotNull && row[c.Offset].IsNull) throw new SqlException(1048, "23000", $"Column '{c.Name}' cannot be null");
    }

    /// <summary>Writes a row and its index entries; with REPLACE, rows it collides with are deleted first. Returns MySQL's affected count.</summary>
    private int InsertRow(TableInfo t, SqlValue[] row, long handle, bool replace, StatementWrites w)
    {
        int affected = 1;
        var recordKey = TableCodec.RecordKey(t.Id, handle);
        var existing = w.Get(recordKey);
        if (existing is not null)
        {
            if (!replace) throw SqlException.Duplicate(handle.ToString(CultureInfo.InvariantCulture), "PRIMARY");
            DeleteRow(t, RowCodecV2.Decode(t, existing, handle), handle, w);
            affected++;
        }
        var entries = new List<(byte[] Key, byte[] Value)>();
        foreach (var index in t.Indexes)
        {
            var key = TableCodec.IndexKey(t, index, row, handle, out bool distinct);
            if (distinct)
            {
                var other = w.Get(key);
                if (other is not null)
                {
                    long otherHandle = TableCodec.DecodeIndexHandle(key, other);
                    if (!replace) throw SqlException.Duplicate(string.Join("-", index.Columns.Select(c => row[c].AsString())), index.Name);
                    var otherRow = w.Get(TableCodec.RecordKey(t.Id, otherHandle));
                    if (otherRow is not null) { DeleteRow(t, RowCodecV2.Decode(t, otherRow, otherHandle), otherHandle, w); affected++; }
                }
            }
            entries.Add((key, TableCodec.IndexValue(distinct, handle)));
        }
        w.Put(recordKey, RowCodecV2.Encode(t, row));
        foreach (var (k, v) in entries) w.Put(k, v);
        return affected;
    }

    private static void DeleteRow(TableInfo t, SqlValue[] row, long handle, StatementWrites w)
    {
        w.Delete(TableCodec.RecordKey(t.Id, handle));
        foreach (var index in t.Indexes) w.Delete(TableCodec.IndexKey(t, index, row, handle, out _));
    }

    /// <summary>The rows an UPDATE or DELETE touches, read in full before any write (ORDER BY and LIMIT applied).</summary>
    private List<(long Handle, SqlValue[] Row)> MatchRows(TableInfo t, Expr? where, List<OrderItem> order, Expr? limit, EvalContext ctx, StatementWrites w)
    {
        Bind(where, t, "where clause");
        foreach (var o in order) Bind(o.Expr, t, "order clause");
        var access = Planner.ChooseAccess(t, where);
        var rows = new List<(long, SqlValue[])>();
        foreach (var (h, row) in ReadRows(t, access, ctx, w))
        {
            ctx.Row = row;
            if (Evaluator.IsTrue(where, ctx)) rows.Add((h, row));
        }
        if (order.Count > 0)
        {
            var keyed = new List<(SqlValue[] Keys, (long, SqlValue[]) Item)>();
            foreach (var r in rows)
            {
                ctx.Row = r.Item2;
                var keys = new SqlValue[order.Count];
                for (int i = 0; i < keys.Length; i++) keys[i] = Evaluator.Eval(order[i].Expr, ctx);
                keyed.Add((keys, r));
            }
            keyed.Sort((a, b) =>
            {
                for (int i = 0; i < order.Count; i++)
                {
                    int c = SqlValue.Compare(a.Keys[i], b.Keys[i]);
                    if (c != 0) return order[i].Descending ? -c : c;
                }
                return 0;
            });
            rows = keyed.ConvertAll(k => k.Item);
        }
        if (limit is not null)
        {
            long n = Math.Max(0, Evaluator.Eval(limit, ctx).AsInt());
            if (rows.Count > n) rows.RemoveRange((int)n, rows.Count - (int)n);
        }
        return rows;
    }

    private QueryResult RunUpdate(UpdateStatement s, IReadOnlyList<SqlValue> p, StatementWrites w)
    {
        var t = ResolveTable(s.Table);
        var ctx = new EvalContext(_session, p);
        var targets = BindAssignments(t, s.Assignments);
        var rows = MatchRows(t, s.Where, s.OrderBy, s.Limit, ctx, w);
        long changed = 0;
        foreach (var (handle, old) in rows)
            if (UpdateRow(t, handle, old, targets, s.Assignments, ctx, w)) changed++;
        // Affected rows are the changed ones, or the matched ones when the client asked for CLIENT_FOUND_ROWS (MySqlConnector does by default).
        return QueryResult.Ok(_session.ClientFoundRows ? rows.Count : changed, 0, $"Rows matched: {rows.Count}  Changed: {changed}  Warnings: 0");
    }

    /// <summary>Applies <paramref name="assignments"/> to one existing row and writes it (and its index entries) back; false when no value changed (nothing written).</summary>
    private bool UpdateRow(TableInfo t, long handle, SqlValue[] old, List<ColumnInfo> targets, List<Assignment> assignments, EvalContext ctx, StatementWrites w)
    {
        var row = (SqlValue[])old.Clone();
        // MySQL evaluates single-table assignments left to right, each seeing the ones before.
        ctx.Row = row;
        for (int i = 0; i < targets.Count; i++)
        {
            var v = assignments[i].Value is FunctionCall { Name: "DEFAULT", Args.Count: 0 } ? targets[i].DefaultValue() : targets[i].Convert(Evaluator.Eval(assignments[i].Value, ctx));
            row[targets[i].Offset] = v;
        }
        bool same = true;
        for (int i = 0; i < row.Length; i++)
            if (row[i].IsNull != old[i].IsNull || SqlValue.Compare(row[i], old[i]) != 0) { same = false; break; }
        if (same) return false;
        CheckNotNull(t, row);
        long newHandle = t.HandleColumn >= 0 ? row[t.HandleColumn].AsInt() : handle;
        if (newHandle != handle)
        {
            DeleteRow(t, old, handle, w);
            InsertRow(t, row, newHandle, false, w);
            return true;
        }
        foreach (var index in t.Indexes)
        {
            bool touched = false;
            foreach (var c in index.Columns) if (SqlValue.Compare(row[c], old[c]) != 0 || row[c].IsNull != old[c].IsNull) touched = true;
            if (!touched) continue;
            w.Delete(TableCodec.IndexKey(t, index, old, handle, out _));
            var key = TableCodec.IndexKey(t, index, row, handle, out bool distinct);
            if (distinct && w.Get(key) is { } other && TableCodec.DecodeIndexHandle(key, other) != handle)
                throw SqlException.Duplicate(string.Join("-", index.Columns.Select(c => row[c].AsString())), index.Name);
            w.Put(key, TableCodec.IndexValue(distinct, handle));
        }
        w.Put(TableCodec.RecordKey(t.Id, handle), RowCodecV2.Encode(t, row));
        return true;
    }

    private QueryResult RunDelete(DeleteStatement s, IReadOnlyList<SqlValue> p, StatementWrites w)
    {
        var t = ResolveTable(s.Table);
        var ctx = new EvalContext(_session, p);
        var rows = MatchRows(t, s.Where, s.OrderBy, s.Limit, ctx, w);
        foreach (var (h, row) in rows) DeleteRow(t, row, h, w);
        return QueryResult.Ok(rows.Count);
    }
}

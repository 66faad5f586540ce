using System.Text;
using Workbench.Sql.Ast;
using Workbench.Sql.Catalog;
using Workbench.Sql.Codec;
using Workbench.Sql.Planning;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

internal sealed partial class Executor
{
    internal TableInfo ResolveTable(TableName name)
    {
        var db = DatabaseOf(name);
        if (!Db.Catalog.DatabaseExists(db)) throw SqlException.UnknownDatabase(db);
        return Db.Catalog.FindTable(db, name.Name) ?? throw SqlException.NoSuchTable(db, name.Name);
    }

    /// <summary>Binds every column reference under <paramref name="e"/> to its offset in the table's rows.</summary>
    internal static void Bind(Expr? e, TableInfo? table, string clause, string? alias = null)
    {
        switch (e)
        {
            case null: return;
            case ColumnRef c:
                if (table is null) throw SqlException.UnknownColumn(c.Name, clause);
                if (c.Table is not null && !string.Equals(c.Table, table.Name, StringComparison.OrdinalIgnoreCase) && !string.Equals(c.Table, alias, StringComparison.OrdinalIgnoreCase))
                    throw SqlException.UnknownColumn($"{c.Table}.{c.Name}", clause);
                c.Offset = (table.FindColumn(c.Name) ?? throw SqlException.UnknownColumn(c.Name, clause)).Offset;
                return;
            case Binary b: Bind(b.Left, table, clause, alias); Bind(b.Right, table, clause, alias); return;
            case Unary u: Bind(u.Operand, table, clause, alias); return;
            case Between bt: Bind(bt.Value, table, clause, alias); Bind(bt.Low, table, clause, alias); Bind(bt.High, table, clause, alias); return;
            case InList il: Bind(il.Value, table, clause, alias); foreach (var i in il.Items) Bind(i, table, clause, alias); return;
            case IsNull n: Bind(n.Value, table, clause, alias); return;
            case FunctionCall f: foreach (var a in f.Args) Bind(a, table, clause, alias); return;
        }
    }

    /// <summary>Largest index-lookup batch (rows fetched by one BatchGet); TiDB's index lookups grow their batches the same way.</summary>
    private const int MaxLookupBatch = 1024;

    /// <summary>First index-lookup batch when the statement gives no LIMIT hint (TiDB's tidb_init_chunk_size).</summary>
    private const int InitialLookupBatch = 32;

    /// <summary>
    /// Rows reached by the access path, before the filter, with their handles. Point gets read through the statement's staged writes.
    /// <paramref name="rowsHint"/> (0 = none) is how many rows the caller expects to consume (a LIMIT that can stop the scan): range
    /// scans then read pages of that size first (TiDB pushes the limit down to the coprocessor) instead of the txn layer's default page,
    /// and index lookups fetch that many rows in their first BatchGet.
    /// </summary>
    internal IEnumerable<(long Handle, SqlValue[] Row)> ReadRows(TableInfo t, AccessPath path, EvalContext ctx, StatementWrites w, int rowsHint = 0)
    {
        switch (path.Kind)
        {
            case AccessKind.PointGet:
            case AccessKind.BatchPointGet:
            {
                var seen = path.Kind == AccessKind.BatchPointGet ? new HashSet<long>() : null;
                foreach (var e in path.Points)
                {
                    var v = Evaluator.Eval(e, ctx);
                    if (v.IsNull) continue;
                    long h = v.AsInt();
                    if (seen is not null && !seen.Add(h)) continue;
                    var data = w.Get(TableCodec.RecordKey(t.Id, h));
                    if (data is not null) yield return (h, RowCodecV2.Decode(t, data, h));
                }
                yield break;
            }
            case AccessKind.UniqueIndexGet:
            {
                var index = path.Index!;
                var probe = new SqlValue[t.Columns.Count];
                for (int i = 0; i < index.Columns.Count; i++)
                {
                    var v = Evaluator.Eval(path.Points[i], ctx);
                    if (v.IsNull) yield break;
                    probe[index.Columns[i]] = v;
                }
                var key = TableCodec.IndexKey(t, index, probe, 0, out _);
                var hv = w.Get(key);
                if (hv is null) yield break;
                long h = TableCodec.DecodeIndexHandle(key, hv);
                var data = w.Get(TableCodec.RecordKey(t.Id, h));
                if (data is not null) yield return (h, RowCodecV2.Decode(t, data, h));
                yield break;
            }
            case AccessKind.TableRangeScan:
            case AccessKind.TableFullScan:
            {
                var prefix = TableCodec.RecordPrefix(t.Id);
                byte[] start = prefix, end = TableCodec.PrefixNext(prefix);
                if (path.Low is not null)
                {
                    var v = Evaluator.Eval(path.Low, ctx);
                    if (v.IsNull) yield break;
                    double d = Math.Floor(v.AsDouble());
                    if (d > long.MaxValue) yield break;
                    if (d > long.MinValue) start = TableCodec.RecordKey(t.Id, (long)d);
                }
                if (path.High is not null)
                {
                    var v = Evaluator.Eval(path.High, ctx);
                    if (v.IsNull) yield break;
                    double d = Math.Ceiling(v.AsDouble());
                    if (d < long.MinValue) yield break;
                    if (d < long.MaxValue) end = TableCodec.RecordKey(t.Id, (long)d + 1);
                }
                foreach (var (k, data) in ScanPaged(w.Transaction, start, end, rowsHint))
                {
                    long h = TableCodec.DecodeRecordHandle(k);
                    yield return (h, RowCodecV2.Decode(t, data, h));
                }
                yield break;
            }
            case AccessKind.IndexRangeScan:
            {
                var index = path.Index!;
                var prefix = TableCodec.IndexPrefix(t.Id, index.Id);
                var column = t.Columns[index.Columns[0]];
                byte[] start = [.. prefix], end = TableCodec.PrefixNext(start);
                if (path.Low is not null)
                {
                    var v = Evaluator.Eval(path.Low, ctx);
                    if (v.IsNull) yield break;
                    var k = new List<byte>(prefix);
                    TableCodec.AppendDatum(k, column, v);
                    start = [.. k];
                }
                if (path.High is not null)
                {
                    var v = Evaluator.Eval(path.High, ctx);
                    if (v.IsNull) yield break;
                    var k = new List<byte>(prefix);
                    TableCodec.AppendDatum(k, column, v);
                    end = TableCodec.PrefixNext([.. k]);
                }
                // TiDB's IndexLookUp: handles from the index in batches, then the rows of a batch in one
                // BatchGet (one request per region, in parallel) instead of one point get per row.
                var batch = rowsHint > 0 ? Math.Min(rowsHint, MaxLookupBatch) : InitialLookupBatch;
                var handles = new List<long>(batch);
                var keys = new List<byte[]>(batch);
                foreach (var (k, hv) in ScanPaged(w.Transaction, start, end, rowsHint))
                {
                    long h = TableCodec.DecodeIndexHandle(k, hv);
                    handles.Add(h);
                    keys.Add(TableCodec.RecordKey(t.Id, h));
                    if (keys.Count < batch) continue;
                    var rows = w.BatchGet(keys);
                    for (int i = 0; i < rows.Length; i++)
                        if (rows[i] is { } data) yield return (handles[i], RowCodecV2.Decode(t, data, handles[i]));
                    handles.Clear();
                    keys.Clear();
                    batch = Math.Min(batch * 2, MaxLookupBatch);
                }
                if (keys.Count > 0)
                {
                    var rows = w.BatchGet(keys);
                    for (int i = 0; i < rows.Length; i++)
                        if (rows[i] is { } data) yield return (handles[i], RowCodecV2.Decode(t, data, handles[i]));
                }
                yield break;
            }
        }
    }

    /// <summary>
    /// [start, end) in key order. With <paramref name="firstPage"/> &gt; 0, in pages that start at that size and double up to
    /// <see cref="MaxLookupBatch"/>, each page one bounded txn scan, so a LIMIT n reads about n pairs rather than a full default
    /// page (for 32 KB rows a 256-row page is 8 MB); 0 = the transaction's own paging.
    /// </summary>
    private static IEnumerable<KeyValuePair<byte[], byte[]>> ScanPaged(Transactions.ISqlTransaction txn, byte[] start, byte[] end, int firstPage)
    {
        if (firstPage <= 0)
        {
            foreach (var kv in txn.Scan(start, end)) yield return kv;
            yield break;
        }
        var cursor = start;
        var page = Math.Min(firstPage, MaxLookupBatch);
        while (true)
        {
            int n = 0;
            byte[]? last = null;
            foreach (var kv in txn.Scan(cursor, end, page))
            {
                n++;
                last = kv.Key;
                yield return kv;
            }
            if (n < page || last is null) yield break;
            // key + 0x00 is the immediate successor of the last key.
            cursor = [.. last, 0];
            page = Math.Min(page * 2, MaxLookupBatch);
        }
    }

    private sealed class AggregateState
    {
        public long Count;
        public decimal DecimalSum;
        public double DoubleSum;
        public bool AnyDouble;
        public SqlValue Extreme;
        public HashSet<SqlValue>? Distinct;
        public SqlValue[]? FirstRow;
    }

    private QueryResult RunSelect(SelectStatement s, IReadOnlyList<SqlValue> p, StatementWrites? w)
    {
        TableInfo? t = s.From is null ? null : ResolveTable(s.From);
        var ctx = new EvalContext(_session, p);
        var plan = PlanSelect(s, t);
        // Output columns.
        var columns = new List<ResultColumn>();
        var outputs = new List<Expr>();
        foreach (var item in s.Items)
        {
            if (item.Star)
            {
                if (t is null) throw new SqlException(1096, "HY000", "No tables used");
                foreach (var c in t.Columns)
                {
                    var cr = new ColumnRef(null, c.Name) { Offset = c.Offset };
                    outputs.Add(cr);
                    columns.Add(Describe(cr, c.Name, t));
                }
                continue;
            }
            outputs.Add(item.Expr!);
            columns.Add(Describe(item.Expr!, item.Alias ?? ColumnName(item), t));
        }

        IEnumerable<SqlValue[]> source;
        bool earlyLimit = (s.OrderBy.Count == 0 || plan.KeepOrder) && !plan.Aggregating && !s.Distinct && s.Limit is not null;
        long limit = s.Limit is null ? long.MaxValue : Math.Max(0, Evaluator.Eval(s.Limit, ctx).AsInt());
        long offset = s.Offset is null ? 0 : Math.Max(0, Evaluator.Eval(s.Offset, ctx).AsInt());
        // A LIMIT that stops the scan sizes its first page (TiDB's limit push-down); a filter that drops rows makes later pages.
        int rowsHint = earlyLimit ? (int)Math.Clamp(offset + limit, 1, MaxLookupBatch) : 0;
        if (t is null) source = [Array.Empty<SqlValue>()];
        else source = FilteredRows(t, plan.Access, s.Where, ctx, w!, s.ForUpdate, rowsHint);

        var produced = new List<(SqlValue[] Out, SqlValue[] Keys)>();

        void Emit(SqlValue[] row, SqlValue[]? aggs)
        {
            ctx.Row = row; ctx.Aggregates = aggs;
            if (plan.Aggregating && !Evaluator.IsTrue(s.Having, ctx)) return;
            var o = new SqlValue[outputs.Count];
            for (int i = 0; i < o.Length; i++) o[i] = Evaluator.Eval(outputs[i], ctx);
            var keys = new SqlValue[plan.OrderKeys.Count];
            for (int i = 0; i < keys.Length; i++) keys[i] = plan.OrderKeys[i].Position >= 0 ? o[plan.OrderKeys[i].Position] : Evaluator.Eval(plan.OrderKeys[i].Expr!, ctx);
            produced.Add((o, keys));
        }

        if (plan.Aggregating)
        {
            var groups = new Dictionary<SqlValue[], AggregateState[]>(SqlValueComparer.Instance);
            var order = new List<SqlValue[]>();
            foreach (var row in source)
            {
                ctx.Row = row;
                var gk = new SqlValue[s.GroupBy.Count];
                for (int i = 0; i < gk.Length; i++) gk[i] = Evaluator.Eval(s.GroupBy[i], ctx);
                if (!groups.TryGetValue(gk, out var states))
                {
                    states = new AggregateState[plan.Aggregates.Count];
                    for (int i = 0; i < states.Length; i++) states[i] = new AggregateState();
                    groups[gk] = states;
                    order.Add(gk);
                }
                for (int i = 0; i < states.Length; i++) Accumulate(plan.Aggregates[i], states[i], row, ctx);
            }
            if (groups.Count == 0 && s.GroupBy.Count == 0)
            {
                var states = new AggregateState[plan.Aggregates.Count];
                for (int i = 0; i < states.Length; i++) states[i] = new AggregateState();
                groups[[]] = states;
                order.Add([]);
            }
            foreach (var gk in order)
            {
                var states = groups[gk];
                var aggs = new SqlValue[states.Length];
                for (int i = 0; i < aggs.Length; i++) aggs[i] = Finish(plan.Aggregates[i], states[i]);
                var first = states.Length > 0 ? states[0].FirstRow : null;
                Emit(first ?? new SqlValue[t?.Columns.Count ?? 0], aggs);
            }
        }
        else
        {
            foreach (var row in source)
            {
                Emit(row, null);
                if (earlyLimit && produced.Count >= offset + limit) break;
            }
        }

        IEnumerable<(SqlValue[] Out, SqlValue[] Keys)> rows = produced;
        if (s.Distinct)
        {
            var seen = new HashSet<SqlValue[]>(SqlValueComparer.Instance);
            var distinct = new List<(SqlValue[], SqlValue[])>();
            foreach (var r in produced) if (seen.Add(r.Out)) distinct.Add(r);
            rows = distinct;
        }
        if (plan.OrderKeys.Count > 0 && !plan.KeepOrder)
        {
            var list = new List<(SqlValue[] Out, SqlValue[] Keys)>(rows);
            var desc = plan.OrderKeys;
            // Stable sort, as MySQL's filesort keeps input order among equal keys.
            var indexed = new List<int>(list.Count);
            for (int i = 0; i < list.Count; i++) indexed.Add(i);
            indexed.Sort((a, b) =>
            {
                for (int k = 0; k < desc.Count; k++)
                {
                    int c = SqlValue.Compare(list[a].Keys[k], list[b].Keys[k]);
                    if (c != 0) return desc[k].Descending ? -c : c;
                }
                return a.CompareTo(b);
            });
            var sorted = new List<(SqlValue[], SqlValue[])>(list.Count);
            foreach (var i in indexed) sorted.Add(list[i]);
            rows = sorted;
        }
        var result = new List<SqlValue[]>();
        long n = 0;
        foreach (var r in rows)
        {
            if (n++ < offset) continue;
            if (result.Count >= limit) break;
            result.Add(r.Out);
        }
        return QueryResult.Set(columns, result);
    }

    private IEnumerable<SqlValue[]> FilteredRows(TableInfo t, AccessPath access, Expr? where, EvalContext ctx, StatementWrites w, bool forUpdate, int rowsHint)
    {
        foreach (var (h, row) in ReadRows(t, access, ctx, w, rowsHint))
        {
            ctx.Row = row;
            if (!Evaluator.IsTrue(where, ctx)) continue;
            if (forUpdate && _session.InTransaction) w.Lock(TableCodec.RecordKey(t.Id, h));
            yield return row;
        }
    }

    private static string ColumnName(SelectItem item) => item.Expr switch
    {
        ColumnRef c => c.Name,
        _ => item.Text,
    };

    internal sealed record OrderKey(Expr? Expr, int Position, bool Descending);

    internal sealed record SelectPlan(AccessPath Access, bool Aggregating, List<FunctionCall> Aggregates, List<OrderKey> OrderKeys)
    {
        /// <summary>The access path already yields rows in ORDER BY order (TiDB's keep-order): no sort, and LIMIT can stop the scan early.</summary>
        public bool KeepOrder { get; init; }
    }

    /// <summary>Binds the statement to the table and chooses the access path; also used by EXPLAIN.</summary>
    internal static SelectPlan PlanSelect(SelectStatement s, TableInfo? t)
    {
        string? alias = s.FromAlias;
        Bind(s.Where, t, "where clause", alias);
        foreach (var item in s.Items) if (!item.Star) Bind(item.Expr, t, "field list", alias);
        foreach (var g in s.GroupBy) BindOrAlias(g, s, t, alias, "group statement");
        var aggregates = new List<FunctionCall>();
        foreach (var item in s.Items) CollectAggregates(item.Expr, aggregates);
        Bind(s.Having, t, "having clause", alias);
        CollectAggregates(s.Having, aggregates);
        var keys = new List<OrderKey>();
        foreach (var o in s.OrderBy)
        {
            // ORDER BY 2 / ORDER BY alias refer to the select list.
            if (o.Expr is Literal { Value.Kind: SqlValueKind.Int } lit)
            {
                int pos = (int)lit.Value.AsInt() - 1;
                if (pos < 0 || pos >= s.Items.Count) throw SqlException.UnknownColumn(lit.Value.AsString(), "order clause");
                keys.Add(new OrderKey(null, pos, o.Descending));
                continue;
            }
            int aliasPos = AliasPosition(o.Expr, s, t);
            if (aliasPos >= 0) { keys.Add(new OrderKey(null, aliasPos, o.Descending)); continue; }
            Bind(o.Expr, t, "order clause", alias);
            CollectAggregates(o.Expr, aggregates);
            keys.Add(new OrderKey(o.Expr, -1, o.Descending));
        }
        for (int i = 0; i < aggregates.Count; i++)
        {
            aggregates[i].AggregateSlot = i;
            foreach (var a in aggregates[i].Args) CheckNoAggregate(a);
        }
        bool aggregating = aggregates.Count > 0 || s.GroupBy.Count > 0;
        var access = t is null ? AccessPath.FullScan : Planner.ChooseAccess(t, s.Where);
        return new SelectPlan(access, aggregating, aggregates, keys) { KeepOrder = !aggregating && t is not null && KeepsOrder(s, t, access, keys) };
    }

    /// <summary>
    /// ORDER BY one column ascending, read through an access path ordered by that column: the handle
    /// for table scans (keys are t{id}_r{handle}), the first column of the index for an index range
    /// scan (memcomparable keys; strings are UTF-8 bytes, whose order is SqlValue's ordinal order
    /// except for characters above U+FFFF against U+E000–U+FFFF), or at most one row.
    /// YCSB's scan (key ≥ ? ORDER BY key LIMIT n) then reads n rows instead of the rest of the table.
    /// </summary>
    private static bool KeepsOrder(SelectStatement s, TableInfo t, AccessPath access, List<OrderKey> keys)
    {
        if (keys.Count != 1 || keys[0].Descending) return false;
        var key = keys[0].Expr ?? (keys[0].Position >= 0 ? s.Items[keys[0].Position].Expr : null);
        if (key is not ColumnRef { Offset: >= 0 } column) return false;
        return access.Kind switch
        {
            AccessKind.PointGet or AccessKind.UniqueIndexGet => true,
            AccessKind.TableRangeScan or AccessKind.TableFullScan => t.HandleColumn >= 0 && column.Offset == t.HandleColumn,
            AccessKind.IndexRangeScan => access.Index!.Columns[0] == column.Offset,
            _ => false,
        };
    }

    private static void BindOrAlias(Expr g, SelectStatement s, TableInfo? t, string? alias, string clause)
    {
        if (g is ColumnRef c && (t?.FindColumn(c.Name) is null))
        {
            int pos = AliasPosition(g, s, t);
            if (pos >= 0 && s.Items[pos].Expr is ColumnRef inner) { c.Offset = inner.Offset; return; }
        }
        Bind(g, t, clause, alias);
    }

    private static int AliasPosition(Expr e, SelectStatement s, TableInfo? t)
    {
        if (e is not ColumnRef { Table: null } c) return -1;
        for (int i = 0; i < s.Items.Count; i++)
            if (s.Items[i].Alias is { } a && string.Equals(a, c.Name, StringComparison.OrdinalIgnoreCase)) return i;
        if (t?.FindColumn(c.Name) is null)
            for (int i = 0; i < s.Items.Count; i++)
                if (string.Equals(s.Items[i].Text, c.Name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static void CheckNoAggregate(Expr e)
    {
        var inner = new List<FunctionCall>();
        CollectAggregates(e, inner);
        if (inner.Count > 0) throw new SqlException(1111, "HY000", "Invalid use of group function");
    }

    private static void CollectAggregates(Expr? e, List<FunctionCall> into)
    {
        switch (e)
        {
            case FunctionCall f when f.IsAggregate:
                if (!into.Contains(f)) into.Add(f);
                return;
            case FunctionCall f: foreach (var a in f.Args) CollectAggregates(a, into); return;
            case Binary b: CollectAggregates(b.Left, into); CollectAggregates(b.Right, into); return;
            case Unary u: CollectAggregates(u.Operand, into); return;
            case Between bt: CollectAggregates(bt.Value, into); CollectAggregates(bt.Low, into); CollectAggregates(bt.High, into); return;
            case InList il: CollectAggregates(il.Value, into); foreach (var i in il.Items) CollectAggregates(i, into); return;
            case IsNull n: CollectAggregates(n.Value, into); return;
        }
    }

    private static void Accumulate(FunctionCall f, AggregateState st, SqlValue[] row, EvalContext ctx)
    {
        st.FirstRow ??= row;
        if (f.Star) { st.Count++; return; }
        if (f.Args.Count != 1) throw new SqlException(1582, "42000", $"Incorrect parameter count in the call to native function '{f.Name}'");
        var v = Evaluator.Eval(f.Args[0], ctx);
        if (v.IsNull) return;
        if (f.Distinct && !(st.Distinct ??= []).Add(v)) return;
        st.Count++;
        switch (f.Name)
        {
            case "SUM":
            case "AVG":
                if (v.Kind == SqlValueKind.Double || v.Kind == SqlValueKind.String) { st.AnyDouble = true; st.DoubleSum += v.AsDouble(); }
                else st.DecimalSum += v.AsDecimal();
                break;
            case "MIN":
                if (st.Count == 1 || SqlValue.Compare(v, st.Extreme) < 0) st.Extreme = v;
                break;
            case "MAX":
                if (st.Count == 1 || SqlValue.Compare(v, st.Extreme) > 0) st.Extreme = v;
                break;
        }
    }

    private static SqlValue Finish(FunctionCall f, AggregateState st)
    {
        switch (f.Name)
        {
            case "COUNT": return SqlValue.FromInt(st.Count);
            case "SUM":
                if (st.Count == 0) return SqlValue.Null;
                return st.AnyDouble ? SqlValue.FromDouble(st.DoubleSum + (double)st.DecimalSum) : SqlValue.FromDecimal(st.DecimalSum);
            case "AVG":
                if (st.Count == 0) return SqlValue.Null;
                return st.AnyDouble ? SqlValue.FromDouble((st.DoubleSum + (double)st.DecimalSum) / st.Count) : SqlValue.FromDecimal(Math.Round(st.DecimalSum / st.Count, 4));
            default:
                return st.Count == 0 ? SqlValue.Null : st.Extreme;
        }
    }

    /// <summary>The MySQL type of an output expression (SUM of integers is NEWDECIMAL, COUNT is LONGLONG, as MySQL says).</summary>
    internal static ResultColumn Describe(Expr e, string name, TableInfo? t)
    {
        switch (e)
        {
            case ColumnRef c when t is not null && c.Offset >= 0:
            {
                var col = t.Columns[c.Offset];
                return ColumnOf(t, col) with { Name = name };
            }
            case Literal l:
                return l.Value.Kind switch
                {
                    SqlValueKind.Int => new ResultColumn(name, ColumnType.LongLong, 21, ColumnFlags.NotNull | ColumnFlags.Num),
                    SqlValueKind.Double => new ResultColumn(name, ColumnType.Double, 22, ColumnFlags.NotNull | ColumnFlags.Num, 31),
                    SqlValueKind.Decimal => new ResultColumn(name, ColumnType.NewDecimal, 66, ColumnFlags.NotNull | ColumnFlags.Num, 4),
                    SqlValueKind.String => new ResultColumn(name, ColumnType.VarString, (uint)Math.Max(4, l.Value.AsString().Length * 4), ColumnFlags.NotNull),
                    _ => new ResultColumn(name, ColumnType.Null, 0, ColumnFlags.Binary),
                };
            case FunctionCall f when f.IsAggregate:
                switch (f.Name)
                {
                    case "COUNT": return new ResultColumn(name, ColumnType.LongLong, 21, ColumnFlags.NotNull | ColumnFlags.Num);
                    case "SUM":
                    case "AVG":
                    {
                        var inner = f.Args.Count == 1 ? Describe(f.Args[0], name, t) : null;
                        if (inner?.Type == ColumnType.Double) return new ResultColumn(name, ColumnType.Double, 23, ColumnFlags.Num, 31);
                        return new ResultColumn(name, ColumnType.NewDecimal, 33, ColumnFlags.Num, (byte)(f.Name == "AVG" ? 4 : 0));
                    }
                    default:
                        return f.Args.Count == 1 ? Describe(f.Args[0], name, t) with { Flags = ColumnFlags.None } : ResultColumn.Text(name);
                }
            case FunctionCall f when f.Name is "CONNECTION_ID" or "LAST_INSERT_ID" or "ROW_COUNT" or "FOUND_ROWS" or "LENGTH" or "CHAR_LENGTH" or "UNIX_TIMESTAMP" or "FLOOR" or "CEIL" or "CEILING":
                return new ResultColumn(name, ColumnType.LongLong, 21, ColumnFlags.Num);
            case Binary b when b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Modulo:
            {
                var l = Describe(b.Left, name, t);
                var r = Describe(b.Right, name, t);
                if (l.Type == ColumnType.Double || r.Type == ColumnType.Double || IsText(l.Type) || IsText(r.Type)) return new ResultColumn(name, ColumnType.Double, 23, ColumnFlags.Num, 31);
                if (l.Type == ColumnType.NewDecimal || r.Type == ColumnType.NewDecimal) return new ResultColumn(name, ColumnType.NewDecimal, 66, ColumnFlags.Num, Math.Max(l.Decimals, r.Decimals));
                return new ResultColumn(name, ColumnType.LongLong, 21, ColumnFlags.Num);
            }
            case Binary { Op: BinaryOp.Divide }:
                return new ResultColumn(name, ColumnType.NewDecimal, 66, ColumnFlags.Num, 4);
            case Binary or Unary { Op: UnaryOp.Not } or Between or InList or IsNull:
                return new ResultColumn(name, ColumnType.LongLong, 1, ColumnFlags.Num);
            case Unary u:
                return Describe(u.Operand, name, t);
            case Variable v:
                return new ResultColumn(name, ColumnType.VarString, 1024, ColumnFlags.None);
            default:
                return ResultColumn.Text(name);
        }
    }

    private static bool IsText(ColumnType t) => t is ColumnType.VarString or ColumnType.String or ColumnType.Blob;

    internal static ResultColumn ColumnOf(TableInfo t, ColumnInfo col)
    {
        var flags = ColumnFlags.None;
        if (col.NotNull) flags |= ColumnFlags.NotNull;
        if (col.PrimaryKey) flags |= ColumnFlags.PrimaryKey;
        if (col.AutoIncrement) flags |= ColumnFlags.AutoIncrement;
        if (col.Unsigned) flags |= ColumnFlags.Unsigned;
        foreach (var i in t.Indexes)
        {
            if (i.Columns[0] != col.Offset || i.Primary) continue;
            flags |= i.Unique && i.Columns.Count == 1 ? ColumnFlags.UniqueKey : ColumnFlags.MultipleKey;
        }
        (ColumnType type, uint length, byte decimals) = col.Type switch
        {
            SqlTypeKind.TinyInt => (ColumnType.Tiny, 4u, (byte)0),
            SqlTypeKind.SmallInt => (ColumnType.Short, 6u, (byte)0),
            SqlTypeKind.Int => (ColumnType.Long, 11u, (byte)0),
            SqlTypeKind.BigInt => (ColumnType.LongLong, 20u, (byte)0),
            SqlTypeKind.Double => (ColumnType.Double, 22u, (byte)31),
            SqlTypeKind.Decimal => (ColumnType.NewDecimal, (uint)(col.Length + 2), (byte)col.Scale),
            SqlTypeKind.Char => (ColumnType.String, (uint)col.Length * 4, (byte)0),
            SqlTypeKind.VarChar => (ColumnType.VarString, (uint)col.Length * 4, (byte)0),
            SqlTypeKind.Text => (ColumnType.Blob, 262140u, (byte)0),
            _ => (ColumnType.Blob, 65535u, (byte)0),
        };
        if (col.IsInteger || col.Type is SqlTypeKind.Double or SqlTypeKind.Decimal) flags |= ColumnFlags.Num;
        if (col.Type is SqlTypeKind.Text or SqlTypeKind.Blob) flags |= ColumnFlags.Blob;
        if (col.Type == SqlTypeKind.Blob) flags |= ColumnFlags.Binary;
        return new ResultColumn(col.Name, type, length, flags, decimals)
        {
            Table = t.Name, OrgTable = t.Name, OrgName = col.Name,
        };
    }

    // ---- EXPLAIN ----

    private QueryResult Explain(Statement inner)
    {
        var lines = new List<(string Id, string Task, string Access, string Info)>();
        switch (inner)
        {
            case SelectStatement s:
            {
                TableInfo? t = s.From is null ? null : ResolveTable(s.From);
                var plan = PlanSelect(s, t);
                if (s.Limit is not null) lines.Add(("Limit", "root", "", "offset:" + (s.Offset is null ? "0" : Show(s.Offset)) + ", count:" + Show(s.Limit)));
                if (plan.OrderKeys.Count > 0 && !plan.KeepOrder) lines.Add(("Sort", "root", "", string.Join(", ", s.OrderBy.Select(o => Show(o.Expr) + (o.Descending ? ":desc" : "")))));
                if (s.Distinct) lines.Add(("HashAgg(distinct)", "root", "", "group by: the select list"));
                lines.Add(("Projection", "root", "", string.Join(", ", s.Items.Select(i => i.Star ? "*" : i.Text))));
                if (plan.Aggregating) lines.Add(("HashAgg", "root", "", (s.GroupBy.Count > 0 ? "group by:" + string.Join(", ", s.GroupBy.Select(Show)) + ", " : "") + "funcs:" + string.Join(", ", plan.Aggregates.Select(Show))));
                if (t is null) { lines.Add(("TableDual", "root", "", "rows:1")); break; }
                AddAccess(lines, t, plan.Access, s.Where);
                break;
            }
            case UpdateStatement u:
            {
                var t = ResolveTable(u.Table);
                Bind(u.Where, t, "where clause");
                lines.Add(("Update", "root", "", "set " + string.Join(", ", u.Assignments.Select(a => a.Column))));
                AddAccess(lines, t, Planner.ChooseAccess(t, u.Where), u.Where);
                break;
            }
            case DeleteStatement d:
            {
                var t = ResolveTable(d.Table);
                Bind(d.Where, t, "where clause");
                lines.Add(("Delete", "root", "", ""));
                AddAccess(lines, t, Planner.ChooseAccess(t, d.Where), d.Where);
                break;
            }
            case InsertStatement i:
                lines.Add(("Insert", "root", "table:" + ResolveTable(i.Table).Name, $"rows:{i.Rows.Count}"));
                break;
            default:
                throw SqlException.Unsupported("EXPLAIN of this statement");
        }
        var rows = new List<SqlValue[]>();
        for (int i = 0; i < lines.Count; i++)
        {
            var (id, task, access, info) = lines[i];
            string prefix = i == 0 ? "" : new string(' ', (i - 1) * 2) + "└─";
            rows.Add([SqlValue.FromString(prefix + id), SqlValue.FromString(task), SqlValue.FromString(access), SqlValue.FromString(info)]);
        }
        return QueryResult.Set([ResultColumn.Text("id"), ResultColumn.Text("task"), ResultColumn.Text("access object"), ResultColumn.Text("operator info")], rows);
    }

    private static void AddAccess(List<(string, string, string, string)> lines, TableInfo t, AccessPath a, Expr? where)
    {
        if (where is not null && a.Kind != AccessKind.PointGet && a.Kind != AccessKind.BatchPointGet && a.Kind != AccessKind.UniqueIndexGet)
            lines.Add(("Selection", "cop", "", Show(where)));
        switch (a.Kind)
        {
            case AccessKind.PointGet: lines.Add(("Point_Get", "root", "table:" + t.Name, "handle:" + Show(a.Points[0]))); break;
            case AccessKind.BatchPointGet: lines.Add(("Batch_Point_Get", "root", "table:" + t.Name, "handle:[" + string.Join(" ", a.Points.Select(Show)) + "]")); break;
            case AccessKind.UniqueIndexGet: lines.Add(("Point_Get", "root", "table:" + t.Name + ", index:" + a.Index!.Name, string.Join(", ", a.Points.Select(Show)))); break;
            case AccessKind.TableRangeScan: lines.Add(("TableRangeScan", "cop", "table:" + t.Name, "range:[" + (a.Low is null ? "-inf" : Show(a.Low)) + "," + (a.High is null ? "+inf" : Show(a.High)) + "]")); break;
            case AccessKind.IndexRangeScan:
                lines.Add(("IndexLookUp", "root", "", ""));
                lines.Add(("IndexRangeScan", "cop", "table:" + t.Name + ", index:" + a.Index!.Name, "range:[" + (a.Low is null ? "-inf" : Show(a.Low)) + "," + (a.High is null ? "+inf" : Show(a.High)) + "]"));
                break;
            default: lines.Add(("TableFullScan", "cop", "table:" + t.Name, "keep order:false")); break;
        }
    }

    internal static string Show(Expr e) => e switch
    {
        Literal l => l.Value.Kind == SqlValueKind.String ? "'" + l.Value.AsString() + "'" : l.Value.ToString(),
        Parameter p => "?",
        ColumnRef c => c.Name,
        Binary b => $"{Show(b.Left)} {OpText(b.Op)} {Show(b.Right)}",
        Unary u => (u.Op == UnaryOp.Not ? "not(" : "-(") + Show(u.Operand) + ")",
        Between bt => $"{Show(bt.Value)} {(bt.Not ? "not " : "")}between {Show(bt.Low)} and {Show(bt.High)}",
        InList il => $"{Show(il.Value)} {(il.Not ? "not " : "")}in ({string.Join(", ", il.Items.Select(Show))})",
        IsNull n => $"{Show(n.Value)} is {(n.Not ? "not " : "")}null",
        FunctionCall f => f.Name.ToLowerInvariant() + "(" + (f.Star ? "*" : (f.Distinct ? "distinct " : "") + string.Join(", ", f.Args.Select(Show))) + ")",
        Variable v => (v.System ? "@@" : "@") + v.Name,
        _ => e.GetType().Name,
    };

    private static string OpText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", BinaryOp.Divide => "/", BinaryOp.IntDivide => "div", BinaryOp.Modulo => "%",
        BinaryOp.Equal => "=", BinaryOp.NullSafeEqual => "<=>", BinaryOp.NotEqual => "!=", BinaryOp.Less => "<", BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">", BinaryOp.GreaterOrEqual => ">=", BinaryOp.And => "and", BinaryOp.Or => "or", BinaryOp.Xor => "xor", _ => "like",
    };

    internal static string Quote(string s) => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    internal static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}

using System.Globalization;
using System.Text;
using Workbench.Sql.Ast;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

/// <summary>Tree-walking evaluation with MySQL semantics: NULL propagates, comparisons are three-valued, integer arithmetic stays integer (with / giving a decimal).</summary>
internal static class Evaluator
{
    public static SqlValue Eval(Expr e, EvalContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        switch (e)
        {
            case Literal l: return l.Value;
            case Parameter p:
                if (p.Index >= ctx.Parameters.Count) throw new SqlException(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute");
                return ctx.Parameters[p.Index];
            case ColumnRef c:
                if (c.Offset < 0 || ctx.Row is null) throw SqlException.UnknownColumn(c.Name, "field list");
                return ctx.Row[c.Offset];
            case Binary b: return EvalBinary(b, ctx);
            case Unary u:
            {
                var v = Eval(u.Operand, ctx);
                if (v.IsNull) return v;
                return u.Op switch
                {
                    UnaryOp.Not => SqlValue.FromBool(v.AsBool() == false),
                    UnaryOp.Negate => v.Kind switch
                    {
                        SqlValueKind.Int => SqlValue.FromInt(-v.AsInt()),
                        SqlValueKind.Decimal => SqlValue.FromDecimal(-v.AsDecimal()),
                        _ => SqlValue.FromDouble(-v.AsDouble()),
                    },
                    _ => v,
                };
            }
            case Between bt:
            {
                var v = Eval(bt.Value, ctx);
                var lo = Eval(bt.Low, ctx);
                var hi = Eval(bt.High, ctx);
                if (v.IsNull || lo.IsNull || hi.IsNull) return SqlValue.Null;
                bool inside = SqlValue.Compare(v, lo) >= 0 && SqlValue.Compare(v, hi) <= 0;
                return SqlValue.FromBool(inside != bt.Not);
            }
            case InList il:
            {
                var v = Eval(il.Value, ctx);
                if (v.IsNull) return SqlValue.Null;
                bool sawNull = false;
                foreach (var item in il.Items)
                {
                    var x = Eval(item, ctx);
                    if (x.IsNull) { sawNull = true; continue; }
                    if (SqlValue.Compare(v, x) == 0) return SqlValue.FromBool(!il.Not);
                }
                return sawNull ? SqlValue.Null : SqlValue.FromBool(il.Not);
            }
            case IsNull isn: return SqlValue.FromBool(Eval(isn.Value, ctx).IsNull != isn.Not);
            case FunctionCall f: return EvalFunction(f, ctx);
            case Variable v:
                return v.System ? ctx.Session.GetSystemVariable(v.Name) : ctx.Session.UserVariables.TryGetValue(v.Name, out var uv) ? uv : SqlValue.Null;
            default:
                throw new SqlException($"cannot evaluate {e.GetType().Name}");
        }
    }

    public static bool IsTrue(Expr? e, EvalContext ctx) => e is null || Eval(e, ctx).AsBool() == true;

    private static SqlValue EvalBinary(Binary b, EvalContext ctx)
    {
        if (b.Op == BinaryOp.And)
        {
            var l = Eval(b.Left, ctx).AsBool();
            if (l == false) return SqlValue.FromInt(0);
            var r = Eval(b.Right, ctx).AsBool();
            if (r == false) return SqlValue.FromInt(0);
            return l is null || r is null ? SqlValue.Null : SqlValue.FromInt(1);
        }
        if (b.Op == BinaryOp.Or)
        {
            var l = Eval(b.Left, ctx).AsBool();
            if (l == true) return SqlValue.FromInt(1);
            var r = Eval(b.Right, ctx).AsBool();
            if (r == true) return SqlValue.FromInt(1);
            return l is null || r is null ? SqlValue.Null : SqlValue.FromInt(0);
        }
        var a = Eval(b.Left, ctx);
        var c = Eval(b.Right, ctx);
        if (b.Op == BinaryOp.NullSafeEqual)
            return SqlValue.FromBool(a.IsNull && c.IsNull || (!a.IsNull && !c.IsNull && SqlValue.Compare(a, c) == 0));
        if (a.IsNull || c.IsNull) return SqlValue.Null;
        switch (b.Op)
        {
            case BinaryOp.Xor: return SqlValue.FromBool((a.AsBool() == true) != (c.AsBool() == true));
            case BinaryOp.Equal: return SqlValue.FromBool(SqlValue.Compare(a, c) == 0);
            case BinaryOp.NotEqual: return SqlValue.FromBool(SqlValue.Compare(a, c) != 0);
            case BinaryOp.Less: return SqlValue.FromBool(SqlValue.Compare(a, c) < 0);
            case BinaryOp.LessOrEqual: return SqlValue.FromBool(SqlValue.Compare(a, c) <= 0);
            case BinaryOp.Greater: return SqlValue.FromBool(SqlValue.Compare(a, c) > 0);
            case BinaryOp.GreaterOrEqual: return SqlValue.FromBool(SqlValue.Compare(a, c) >= 0);
            case BinaryOp.Like: return SqlValue.FromBool(Like(a.AsString(), c.AsString()));
        }
        // Arithmetic: strings become numbers (double), ints stay ints, decimals stay decimals.
        if (a.Kind == SqlValueKind.String) a = SqlValue.FromDouble(a.AsDouble());
        if (c.Kind == SqlValueKind.String) c = SqlValue.FromDouble(c.AsDouble());
        bool anyDouble = a.Kind == SqlValueKind.Double || c.Kind == SqlValueKind.Double;
        bool bothInt = a.Kind == SqlValueKind.Int && c.Kind == SqlValueKind.Int;
        try
        {
            switch (b.Op)
            {
                case BinaryOp.Add: return bothInt ? SqlValue.FromInt(checked(a.AsInt() + c.AsInt())) : anyDouble ? SqlValue.FromDouble(a.AsDouble() + c.AsDouble()) : SqlValue.FromDecimal(a.AsDecimal() + c.AsDecimal());
                case BinaryOp.Subtract: return bothInt ? SqlValue.FromInt(checked(a.AsInt() - c.AsInt())) : anyDouble ? SqlValue.FromDouble(a.AsDouble() - c.AsDouble()) : SqlValue.FromDecimal(a.AsDecimal() - c.AsDecimal());
                case BinaryOp.Multiply: return bothInt ? SqlValue.FromInt(checked(a.AsInt() * c.AsInt())) : anyDouble ? SqlValue.FromDouble(a.AsDouble() * c.AsDouble()) : SqlValue.FromDecimal(a.AsDecimal() * c.AsDecimal());
                case BinaryOp.Divide:
                    if (c.AsDouble() == 0) return SqlValue.Null;
                    return anyDouble ? SqlValue.FromDouble(a.AsDouble() / c.AsDouble()) : SqlValue.FromDecimal(Math.Round(a.AsDecimal() / c.AsDecimal(), 4));
                case BinaryOp.IntDivide:
                    if (c.AsDouble() == 0) return SqlValue.Null;
                    return SqlValue.FromInt(bothInt ? a.AsInt() / c.AsInt() : (long)(a.AsDouble() / c.AsDouble()));
                case BinaryOp.Modulo:
                    if (c.AsDouble() == 0) return SqlValue.Null;
                    return bothInt ? SqlValue.FromInt(a.AsInt() % c.AsInt()) : anyDouble ? SqlValue.FromDouble(a.AsDouble() % c.AsDouble()) : SqlValue.FromDecimal(a.AsDecimal() % c.AsDecimal());
            }
        }
        catch (OverflowException)
        {
            throw new SqlException(1690, "22003", "BIGINT value is out of range");
        }
        throw new SqlException($"operator {b.Op} not supported");
    }

    /// <summary>LIKE with % and _ (and \ escapes), case-insensitive as MySQL's default collation.</summary>
    public static bool Like(string s, string pattern)
    {
        ArgumentNullException.ThrowIfNull(s); ArgumentNullException.ThrowIfNull(pattern);
        return LikeAt(s, 0, pattern, 0);
    }

    private static bool LikeAt(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            char pc = p[pi];
            if (pc == '%')
            {
                while (pi < p.Length && p[pi] == '%') pi++;
                if (pi == p.Length) return true;
                for (int k = si; k <= s.Length; k++) if (LikeAt(s, k, p, pi)) return true;
                return false;
            }
            if (si >= s.Length) return false;
            if (pc == '\\' && pi + 1 < p.Length) { pi++; pc = p[pi]; if (s[si] != pc) return false; }
            else if (pc != '_' && char.ToLowerInvariant(pc) != char.ToLowerInvariant(s[si])) return false;
            si++; pi++;
        }
        return si == s.Length;
    }

    private static SqlValue EvalFunction(FunctionCall f, EvalContext ctx)
    {
        if (f.IsAggregate)
        {
            if (f.AggregateSlot < 0 || ctx.Aggregates is null) throw new SqlException(1111, "HY000", "Invalid use of group function");
            return ctx.Aggregates[f.AggregateSlot];
        }
        var s = ctx.Session;
        switch (f.Name)
        {
            case "DATABASE":
            case "SCHEMA":
                return s.CurrentDatabase is null ? SqlValue.Null : SqlValue.FromString(s.CurrentDatabase);
            case "USER":
            case "CURRENT_USER":
            case "SESSION_USER":
            case "SYSTEM_USER":
                return SqlValue.FromString(s.User + "@127.0.0.1");
            case "VERSION": return SqlValue.FromString(SqlDatabase.ServerVersion);
            case "CONNECTION_ID": return SqlValue.FromInt(s.ConnectionId);
            case "LAST_INSERT_ID": return SqlValue.FromInt(s.LastInsertId);
            case "ROW_COUNT": return SqlValue.FromInt(s.LastAffectedRows);
            case "FOUND_ROWS": return SqlValue.FromInt(s.LastFoundRows);
            case "NOW":
            case "CURRENT_TIMESTAMP":
            case "SYSDATE":
                return SqlValue.FromString(DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            case "CURRENT_DATE":
            case "CURDATE":
                return SqlValue.FromString(DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case "UNIX_TIMESTAMP": return SqlValue.FromInt(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            case "VALUES":
                // MySQL's VALUES(col) (deprecated in 8.0.20, still what clients send): in INSERT … ON DUPLICATE KEY
                // UPDATE, the value the colliding row would have inserted into col; NULL anywhere else, as MySQL.
                if (f.Args.Count != 1 || f.Args[0] is not ColumnRef { Offset: >= 0 } column)
                    throw new SqlException(1064, "42000", "You have an error in your SQL syntax: VALUES() takes one column name");
                return ctx.InsertRow is { } inserted ? inserted[column.Offset] : SqlValue.Null;
            case "CASE":
            {
                int i = 0;
                for (; i + 1 < f.Args.Count; i += 2)
                    if (Eval(f.Args[i], ctx).AsBool() == true) return Eval(f.Args[i + 1], ctx);
                return i < f.Args.Count ? Eval(f.Args[i], ctx) : SqlValue.Null;
            }
        }
        var args = new SqlValue[f.Args.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Eval(f.Args[i], ctx);
        switch (f.Name)
        {
            case "IFNULL":
            case "COALESCE":
                foreach (var a in args) if (!a.IsNull) return a;
                return SqlValue.Null;
            case "IF":
                Arity(f, 3);
                return args[0].AsBool() == true ? args[1] : args[2];
            case "NULLIF":
                Arity(f, 2);
                return !args[0].IsNull && !args[1].IsNull && SqlValue.Compare(args[0], args[1]) == 0 ? SqlValue.Null : args[0];
        }
        foreach (var a in args) if (a.IsNull) return SqlValue.Null;
        switch (f.Name)
        {
            case "CONCAT":
            {
                var sb = new StringBuilder();
                foreach (var a in args) sb.Append(a.AsString());
                return SqlValue.FromString(sb.ToString());
            }
            case "LENGTH":
            case "OCTET_LENGTH":
                Arity(f, 1); return SqlValue.FromInt(Encoding.UTF8.GetByteCount(args[0].AsString()));
            case "CHAR_LENGTH":
            case "CHARACTER_LENGTH":
                Arity(f, 1); return SqlValue.FromInt(args[0].AsString().Length);
            case "UPPER": case "UCASE": Arity(f, 1); return SqlValue.FromString(args[0].AsString().ToUpperInvariant());
            case "LOWER": case "LCASE": Arity(f, 1); return SqlValue.FromString(args[0].AsString().ToLowerInvariant());
            case "ABS":
                Arity(f, 1);
                return args[0].Kind switch { SqlValueKind.Int => SqlValue.FromInt(Math.Abs(args[0].AsInt())), SqlValueKind.Decimal => SqlValue.FromDecimal(Math.Abs(args[0].AsDecimal())), _ => SqlValue.FromDouble(Math.Abs(args[0].AsDouble())) };
            case "SUBSTRING":
            case "SUBSTR":
            {
                if (args.Length is < 2 or > 3) Arity(f, 2);
                var str = args[0].AsString();
                long pos = args[1].AsInt();
                int start = pos > 0 ? (int)Math.Min(pos - 1, str.Length) : pos < 0 ? Math.Max(0, str.Length + (int)Math.Max(pos, -str.Length)) : str.Length;
                int len = args.Length == 3 ? (int)Math.Clamp(args[2].AsInt(), 0, str.Length - start) : str.Length - start;
                return SqlValue.FromString(str.Substring(start, len));
            }
            case "FLOOR": Arity(f, 1); return SqlValue.FromInt((long)Math.Floor(args[0].AsDouble()));
            case "CEIL": case "CEILING": Arity(f, 1); return SqlValue.FromInt((long)Math.Ceiling(args[0].AsDouble()));
            case "ROUND": return SqlValue.FromDecimal(Math.Round(args[0].AsDecimal(), args.Length > 1 ? (int)args[1].AsInt() : 0, MidpointRounding.AwayFromZero));
            case "MOD": Arity(f, 2); return EvalBinary(new Binary(BinaryOp.Modulo, new Literal(args[0]), new Literal(args[1])), ctx);
            case "GREATEST": { var m = args[0]; foreach (var a in args) if (SqlValue.Compare(a, m) > 0) m = a; return m; }
            case "LEAST": { var m = args[0]; foreach (var a in args) if (SqlValue.Compare(a, m) < 0) m = a; return m; }
            case "SLEEP": return SqlValue.FromInt(0);
        }
        throw new SqlException(1305, "42000", $"FUNCTION {f.Name} does not exist");
    }

    private static void Arity(FunctionCall f, int n)
    {
        if (f.Args.Count != n) throw new SqlException(1582, "42000", $"Incorrect parameter count in the call to native function '{f.Name}'");
    }
}

using System.Globalization;

namespace Workbench.Sql.Values;

/// <summary>
/// One SQL value (a TiDB Datum, narrowed to what the dialect needs). Immutable; comparisons follow
/// MySQL: numbers compare numerically (a string against a number is converted), strings compare
/// ordinally (binary collation), NULL sorts first and compares unknown in predicates.
/// </summary>
internal readonly struct SqlValue : IEquatable<SqlValue>
{
    private readonly long _int;
    private readonly double _double;
    private readonly decimal _decimal;
    private readonly string? _string;

    public SqlValueKind Kind { get; }

    private SqlValue(SqlValueKind kind, long i, double d, decimal m, string? s)
    {
        Kind = kind; _int = i; _double = d; _decimal = m; _string = s;
    }

    public static readonly SqlValue Null = default;
    public static SqlValue FromInt(long v) => new(SqlValueKind.Int, v, 0, 0, null);
    public static SqlValue FromDouble(double v) => new(SqlValueKind.Double, 0, v, 0, null);
    public static SqlValue FromDecimal(decimal v) => new(SqlValueKind.Decimal, 0, 0, v, null);
    public static SqlValue FromString(string v) => new(SqlValueKind.String, 0, 0, 0, v ?? throw new ArgumentNullException(nameof(v)));
    public static SqlValue FromBool(bool v) => FromInt(v ? 1 : 0);

    public bool IsNull => Kind == SqlValueKind.Null;
    public bool IsNumeric => Kind is SqlValueKind.Int or SqlValueKind.Double or SqlValueKind.Decimal;

    public long AsInt() => Kind switch
    {
        SqlValueKind.Int => _int,
        SqlValueKind.Double => (long)Math.Round(_double, MidpointRounding.AwayFromZero),
        SqlValueKind.Decimal => (long)Math.Round(_decimal, MidpointRounding.AwayFromZero),
        SqlValueKind.String => ParseLeadingNumber(_string!) is var d && d is >= long.MinValue and <= long.MaxValue ? (long)Math.Round(d, MidpointRounding.AwayFromZero) : 0,
        _ => 0,
    };

    public double AsDouble() => Kind switch
    {
        SqlValueKind.Int => _int,
        SqlValueKind.Double => _double,
        SqlValueKind.Decimal => (double)_decimal,
        SqlValueKind.String => ParseLeadingNumber(_string!),
        _ => 0,
    };

    public decimal AsDecimal() => Kind switch
    {
        SqlValueKind.Int => _int,
        SqlValueKind.Double => (decimal)_double,
        SqlValueKind.Decimal => _decimal,
        SqlValueKind.String => decimal.TryParse(_string, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : (decimal)ParseLeadingNumber(_string!),
        _ => 0,
    };

    public string AsString() => Kind switch
    {
        SqlValueKind.String => _string!,
        SqlValueKind.Int => _int.ToString(CultureInfo.InvariantCulture),
        SqlValueKind.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        SqlValueKind.Decimal => _decimal.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>MySQL truthiness: NULL is unknown (null), numbers are true when non-zero.</summary>
    public bool? AsBool() => Kind == SqlValueKind.Null ? null : AsDouble() != 0;

    /// <summary>MySQL's string-to-number conversion: the longest numeric prefix, 0 when there is none.</summary>
    private static double ParseLeadingNumber(string s)
    {
        var t = s.AsSpan().Trim();
        int end = 0;
        while (end < t.Length && (char.IsAsciiDigit(t[end]) || t[end] is '.' or '-' or '+' or 'e' or 'E')) end++;
        while (end > 0)
        {
            if (double.TryParse(t[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            end--;
        }
        return 0;
    }

    /// <summary>Total order for sorting and DISTINCT/GROUP BY: NULL first, then numbers, then strings (ordinal).</summary>
    public static int Compare(SqlValue a, SqlValue b)
    {
        if (a.IsNull || b.IsNull) return a.IsNull == b.IsNull ? 0 : a.IsNull ? -1 : 1;
        if (a.Kind == SqlValueKind.String && b.Kind == SqlValueKind.String)
            return string.CompareOrdinal(a._string, b._string);
        if (a.Kind == SqlValueKind.Int && b.Kind == SqlValueKind.Int) return a._int.CompareTo(b._int);
        if (a.Kind == SqlValueKind.Decimal || b.Kind == SqlValueKind.Decimal)
        {
            if (a.Kind != SqlValueKind.Double && b.Kind != SqlValueKind.Double) return a.AsDecimal().CompareTo(b.AsDecimal());
        }
        return a.AsDouble().CompareTo(b.AsDouble());
    }

    public bool Equals(SqlValue other) => Compare(this, other) == 0 && IsNull == other.IsNull;
    public override bool Equals(object? obj) => obj is SqlValue v && Equals(v);
    public override int GetHashCode() => Kind switch
    {
        SqlValueKind.Null => 0,
        SqlValueKind.String => StringComparer.Ordinal.GetHashCode(_string!),
        _ => AsDouble().GetHashCode(),
    };
    public static bool operator ==(SqlValue a, SqlValue b) => a.Equals(b);
    public static bool operator !=(SqlValue a, SqlValue b) => !a.Equals(b);
    public override string ToString() => IsNull ? "NULL" : AsString();
}

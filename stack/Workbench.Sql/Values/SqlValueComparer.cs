namespace Workbench.Sql.Values;

/// <summary>Equality and order of values and of value tuples (DISTINCT, GROUP BY, ORDER BY keys).</summary>
internal sealed class SqlValueComparer : IEqualityComparer<SqlValue[]>, IComparer<SqlValue>
{
    public static readonly SqlValueComparer Instance = new();

    public bool Equals(SqlValue[]? x, SqlValue[]? y)
    {
        if (x is null || y is null) return x is null && y is null;
        if (x.Length != y.Length) return false;
        for (int i = 0; i < x.Length; i++)
            if (SqlValue.Compare(x[i], y[i]) != 0) return false;
        return true;
    }

    public int GetHashCode(SqlValue[] obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var h = new HashCode();
        foreach (var v in obj) h.Add(v.GetHashCode());
        return h.ToHashCode();
    }

    public int Compare(SqlValue x, SqlValue y) => SqlValue.Compare(x, y);
}

using System.Globalization;

namespace Workbench.Jepsen.Sql;

/// <summary>Column values as MySqlConnector returns them (int, long, decimal, string) turned into what the workloads record.</summary>
internal static class SqlValues
{
    public static long Long(object? v) => v switch
    {
        null => throw new FormatException("unexpected NULL"),
        string s => long.Parse(s, CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(v, CultureInfo.InvariantCulture),
    };

    public static string Text(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
}

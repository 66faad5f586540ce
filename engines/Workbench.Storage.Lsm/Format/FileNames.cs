using System.Globalization;

namespace Workbench.Storage.Lsm.Format;

/// <summary>Names of the engine's files (FORMAT.md): NNNNNN.log, NNNNNN.sst, MANIFEST-NNNNNN, CURRENT.</summary>
internal static class FileNames
{
    public const string Current = "CURRENT";
    public const string CurrentTemp = "CURRENT.tmp";

    public static string Log(long number) => number.ToString("D6", CultureInfo.InvariantCulture) + ".log";
    public static string Table(long number) => number.ToString("D6", CultureInfo.InvariantCulture) + ".sst";
    public static string Manifest(long number) => "MANIFEST-" + number.ToString("D6", CultureInfo.InvariantCulture);

    public enum Kind { Unknown, Log, Table, Manifest, Current, Temp }

    public static Kind Parse(string name, out long number)
    {
        number = 0;
        if (name == Current) return Kind.Current;
        if (name.EndsWith(".tmp", StringComparison.Ordinal)) return Kind.Temp;
        if (name.StartsWith("MANIFEST-", StringComparison.Ordinal))
            return long.TryParse(name.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out number) ? Kind.Manifest : Kind.Unknown;
        if (name.EndsWith(".log", StringComparison.Ordinal))
            return long.TryParse(name.AsSpan(0, name.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out number) ? Kind.Log : Kind.Unknown;
        if (name.EndsWith(".sst", StringComparison.Ordinal))
            return long.TryParse(name.AsSpan(0, name.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out number) ? Kind.Table : Kind.Unknown;
        return Kind.Unknown;
    }
}

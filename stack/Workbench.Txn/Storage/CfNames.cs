namespace Workbench.Txn.Storage;

/// <summary>Engine column-family names of <see cref="Cf"/>, as TiKV names them.</summary>
public static class CfNames
{
    /// <summary>Number of column families (length of per-CF arrays).</summary>
    public const int Count = 3;
    /// <summary>Engine name of CF default.</summary>
    public const string Default = "default";
    /// <summary>Engine name of CF lock.</summary>
    public const string Lock = "lock";
    /// <summary>Engine name of CF write.</summary>
    public const string Write = "write";

    /// <summary>In <see cref="Cf"/> order: the column families an engine must declare for this layer.</summary>
    public static IReadOnlyList<string> All { get; } = [Default, Lock, Write];

    /// <summary>The engine column family name of <paramref name="cf"/>.</summary>
    public static string Name(this Cf cf) => cf switch
    {
        Cf.Default => Default,
        Cf.Lock => Lock,
        Cf.Write => Write,
        _ => throw new ArgumentOutOfRangeException(nameof(cf)),
    };
}

namespace Workbench.Txn.Storage;

/// <summary>Engine column-family names of <see cref="Cf"/>, as TiKV names them.</summary>
public static class CfNames
{
    public const int Count = 3;
    public const string Default = "default";
    public const string Lock = "lock";
    public const string Write = "write";

    /// <summary>In <see cref="Cf"/> order: the column families an engine must declare for this layer.</summary>
    public static IReadOnlyList<string> All { get; } = [Default, Lock, Write];

    public static string Name(this Cf cf) => cf switch
    {
        Cf.Default => Default,
        Cf.Lock => Lock,
        Cf.Write => Write,
        _ => throw new ArgumentOutOfRangeException(nameof(cf)),
    };
}

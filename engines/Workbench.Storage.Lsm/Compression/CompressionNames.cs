using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Compression;

/// <summary>
/// Option spellings of <see cref="CompressionType"/>: the short names (<c>none</c>, <c>snappy</c>,
/// <c>lz4</c>, <c>zstd</c>), TiKV's <c>no</c>, and RocksDB's enum names (<c>kNoCompression</c>,
/// <c>kSnappyCompression</c>, <c>kLZ4Compression</c>, <c>kZSTD</c>) as in its options files.
/// Case-insensitive.
/// </summary>
public static class CompressionNames
{
    /// <summary>The short names, in the order `workbench engines` lists them.</summary>
    public static readonly IReadOnlyList<string> All = ["none", "snappy", "lz4", "zstd"];

    /// <summary>
    /// TiKV's default shape for its data column families (default/write CF): no compression on L0
    /// and L1 (they are rewritten soon, compression there only costs CPU), lz4 in the middle, zstd
    /// on the two deepest levels (where ~90 % of the data lives), plus zstd as bottommost.
    /// </summary>
    public static readonly IReadOnlyList<CompressionType> TikvPerLevel =
        [CompressionType.None, CompressionType.None, CompressionType.Lz4, CompressionType.Lz4, CompressionType.Lz4, CompressionType.Zstd, CompressionType.Zstd];

    /// <summary>The short option name of <paramref name="t"/> ("none", "snappy", "lz4", "zstd"); unknown codes print as "unknown(N)".</summary>
    public static string Name(CompressionType t) => t switch
    {
        CompressionType.None => "none",
        CompressionType.Snappy => "snappy",
        CompressionType.Lz4 => "lz4",
        CompressionType.Zstd => "zstd",
        _ => $"unknown({(byte)t})",
    };

    /// <summary>Parses any accepted spelling (short, TiKV's "no", RocksDB's enum names; case-insensitive); false for anything else.</summary>
    public static bool TryParse(string text, out CompressionType type)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "none" or "no" or "knocompression":
                type = CompressionType.None;
                return true;
            case "snappy" or "ksnappycompression":
                type = CompressionType.Snappy;
                return true;
            case "lz4" or "klz4compression":
                type = CompressionType.Lz4;
                return true;
            case "zstd" or "kzstd":
                type = CompressionType.Zstd;
                return true;
            default:
                type = CompressionType.None;
                return false;
        }
    }

    /// <summary>True for the codes a table block may carry.</summary>
    public static bool IsKnown(byte code) => code is (byte)CompressionType.None or (byte)CompressionType.Snappy or (byte)CompressionType.Lz4 or (byte)CompressionType.Zstd;

    /// <summary>
    /// Parses <c>compression_per_level</c>: empty (= unset), the preset <c>tikv</c>, or codec names
    /// separated by ':' (RocksDB's options-file form) or ','. Throws <see cref="EngineConfigException"/>
    /// naming the bad entry.
    /// </summary>
    public static IReadOnlyList<CompressionType> ParsePerLevel(string text, int numLevels)
    {
        var t = text.Trim();
        if (t.Length == 0) return [];
        if (string.Equals(t, "tikv", StringComparison.OrdinalIgnoreCase))
        {
            var n = Math.Min(numLevels, TikvPerLevel.Count);
            var shape = new CompressionType[n];
            for (var i = 0; i < n; i++) shape[i] = TikvPerLevel[i];
            // Fewer levels than TiKV's 7: keep zstd on the deepest level.
            if (n < TikvPerLevel.Count) shape[n - 1] = CompressionType.Zstd;
            return shape;
        }
        var parts = t.Split([':', ','], StringSplitOptions.TrimEntries);
        if (parts.Length > numLevels)
            throw new EngineConfigException($"option 'compression_per_level' lists {parts.Length} codecs but num_levels is {numLevels}");
        var result = new CompressionType[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!TryParse(parts[i], out result[i]))
                throw new EngineConfigException($"option 'compression_per_level': entry {i} '{parts[i]}' is not one of {string.Join(", ", All)} (or 'tikv' for TiKV's shape)");
        return result;
    }

    /// <summary>The <c>compression_per_level</c> spelling of a per-level list (short names joined by ':'; empty for an empty list), which <see cref="ParsePerLevel"/> reads back.</summary>
    public static string FormatPerLevel(IReadOnlyList<CompressionType> perLevel)
    {
        ArgumentNullException.ThrowIfNull(perLevel);
        var names = new string[perLevel.Count];
        for (var i = 0; i < names.Length; i++) names[i] = Name(perLevel[i]);
        return string.Join(':', names);
    }
}

namespace Workbench.Storage.Registry;

/// <summary>The type of an engine option; governs how a config string is parsed.</summary>
public enum OptionType
{
    /// <summary>A 32-bit integer.</summary>
    Int,
    /// <summary>A 64-bit integer.</summary>
    Long,
    /// <summary>A finite floating-point number.</summary>
    Double,
    /// <summary>true/false, also on/off, yes/no and 1/0 (case-insensitive).</summary>
    Bool,
    /// <summary>Free text, trimmed.</summary>
    String,
    /// <summary>A byte size: an integer with an optional suffix K/KB/KiB, M/MB/MiB, G/GB/GiB (all binary).</summary>
    Size,
    /// <summary>One of <see cref="OptionSpec.AllowedValues"/> (case-insensitive).</summary>
    Choice,
}

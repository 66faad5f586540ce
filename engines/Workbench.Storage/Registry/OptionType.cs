namespace Workbench.Storage.Registry;

/// <summary>The type of an engine option; governs how a config string is parsed.</summary>
public enum OptionType
{
    Int,
    Long,
    Double,
    Bool,
    String,
    /// <summary>A byte size: an integer with an optional suffix K/KB/KiB, M/MB/MiB, G/GB/GiB (all binary).</summary>
    Size,
    /// <summary>One of <see cref="OptionSpec.AllowedValues"/> (case-insensitive).</summary>
    Choice,
}

namespace Workbench.Workloads.Ycsb;

/// <summary>Names of <see cref="YcsbOperation"/> as go-ycsb prints them.</summary>
public static class YcsbOperations
{
    /// <summary>Number of operation kinds (length of per-operation arrays).</summary>
    public const int Count = 5;

    private static readonly string[] Names = ["READ", "UPDATE", "INSERT", "SCAN", "READ_MODIFY_WRITE"];

    /// <summary>The go-ycsb name of <paramref name="op"/> ("READ", "READ_MODIFY_WRITE", ...).</summary>
    public static string ToName(this YcsbOperation op) => Names[(int)op];
}

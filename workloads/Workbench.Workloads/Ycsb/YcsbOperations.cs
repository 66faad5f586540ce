namespace Workbench.Workloads.Ycsb;

/// <summary>Names of <see cref="YcsbOperation"/> as go-ycsb prints them.</summary>
public static class YcsbOperations
{
    public const int Count = 5;

    private static readonly string[] Names = ["READ", "UPDATE", "INSERT", "SCAN", "READ_MODIFY_WRITE"];

    public static string ToName(this YcsbOperation op) => Names[(int)op];
}

namespace Workbench.Txn.Oracle;

/// <summary>The machine's wall clock.</summary>
public sealed class SystemPhysicalClock : IPhysicalClock
{
    public static SystemPhysicalClock Instance { get; } = new();

    public long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

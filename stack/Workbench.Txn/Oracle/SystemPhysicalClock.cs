namespace Workbench.Txn.Oracle;

/// <summary>The machine's wall clock.</summary>
public sealed class SystemPhysicalClock : IPhysicalClock
{
    /// <summary>The shared instance (no state).</summary>
    public static SystemPhysicalClock Instance { get; } = new();

    /// <summary>Milliseconds since the Unix epoch, UTC, from the system clock.</summary>
    public long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>A fact that needs a mountable tmpfs (<see cref="TmpfsMount"/>); reported as skipped, with the reason, where there is none.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.UnavailableReason is { } reason) Skip = reason;
    }
}

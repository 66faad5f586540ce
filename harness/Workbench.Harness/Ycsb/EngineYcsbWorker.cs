using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>The engine-layer worker (<see cref="YcsbEngineWorker"/>) behind <see cref="IYcsbWorker"/>.</summary>
internal sealed class EngineYcsbWorker(YcsbEngineWorker inner) : IYcsbWorker
{
    public long UserBytesWritten => inner.UserBytesWritten;
    public long InsertedBytes => inner.InsertedBytes;
    public long NotFound(YcsbOperation op) => inner.NotFound(op);
    public YcsbOperation NextOperation() => inner.NextOperation();
    public void Load() => inner.Load();
    public void Execute(YcsbOperation op) => inner.Execute(op);
    public void Dispose() => inner.Dispose();
}

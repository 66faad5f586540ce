using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>One thread's YCSB client at some layer (engine or txn). Not thread-safe.</summary>
internal interface IYcsbWorker : IDisposable
{
    long UserBytesWritten { get; }
    long InsertedBytes { get; }
    long NotFound(YcsbOperation op);
    YcsbOperation NextOperation();
    void Load();
    void Execute(YcsbOperation op);
}

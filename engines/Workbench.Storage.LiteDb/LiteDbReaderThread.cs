using System.Runtime.ExceptionServices;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// A thread that owns one LiteDB transaction. LiteDB binds a transaction to the thread that began it
/// (and a write on that thread would join it), so a view that must outlive one call and be used from
/// other threads — a snapshot, an iterator's implicit view — lives on its own thread, and every read
/// through it is a call posted here (<see cref="Run{T}"/>). One caller at a time: callers queue on a
/// lock. Disposing runs the last work item (e.g. the rollback) and ends the thread.
/// </summary>
internal sealed class LiteDbReaderThread : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _request = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private readonly Lock _callers = new();
    private Func<object?>? _work;
    private object? _result;
    private ExceptionDispatchInfo? _error;
    private bool _stopping;
    private bool _stopped;

    public LiteDbReaderThread(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on this thread and returns its result (its exception is rethrown here).</summary>
    public T Run<T>(Func<T> work)
    {
        lock (_callers)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId) return work();
            _work = () => work();
            _request.Release();
            _done.Wait();
            var error = _error;
            var result = _result;
            _error = null;
            _result = null;
            error?.Throw();
            return (T)result!;
        }
    }

    /// <summary>Runs <paramref name="last"/> (errors ignored: the view is being dropped) and ends the thread.</summary>
    public void Stop(Action last)
    {
        lock (_callers)
        {
            if (_stopped) return;
            _work = () =>
            {
                last();
                return null;
            };
            _stopping = true;
            _request.Release();
            _done.Wait();
            _stopped = true;
            _error = null;
        }
        _thread.Join();
        _request.Dispose();
        _done.Dispose();
    }

    public void Dispose() => Stop(() => { });

    private void Loop()
    {
        while (true)
        {
            _request.Wait();
            try
            {
                _result = _work!();
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
            _work = null;
            var stop = _stopping;
            _done.Release();
            if (stop) return;
        }
    }
}

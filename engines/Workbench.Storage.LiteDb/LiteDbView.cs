using LiteDB;
using Workbench.Storage.Errors;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// A LiteDB read transaction kept open on its own thread (<see cref="LiteDbReaderThread"/>). LiteDB
/// fixes a collection's view when the transaction first touches it, so the view touches every
/// collection it will read at creation (the engine holds its write gate meanwhile, so all of them are
/// pinned at the same commit). Dispose rolls the transaction back and ends the thread.
/// </summary>
internal sealed class LiteDbView : IDisposable
{
    private static readonly BsonValue Probe = new(Array.Empty<byte>());
    private readonly LiteDatabase _db;
    private int _disposed;

    public LiteDbView(LiteDatabase db, IReadOnlyList<ILiteCollection<BsonDocument>> touch)
    {
        _db = db;
        Thread = new LiteDbReaderThread("litedb view");
        try
        {
            Thread.Run(() =>
            {
                if (!db.BeginTrans()) throw new StorageException("litedb: a view thread already had a transaction");
                foreach (var c in touch) c.FindById(Probe);
                return 0;
            });
        }
        catch
        {
            Thread.Stop(() => db.Rollback());
            throw;
        }
    }

    public LiteDbReaderThread Thread { get; }

    public bool Disposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Thread.Stop(() =>
        {
            try
            {
                _db.Rollback();
            }
            catch (LiteException)
            {
                // the database is closing; the transaction dies with it
            }
            catch (ObjectDisposedException)
            {
                // already closed
            }
        });
    }
}

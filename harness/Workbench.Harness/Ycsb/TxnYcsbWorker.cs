using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using Workbench.Workloads.Layers;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>
/// YCSB at layer txn, as go-ycsb's TiKV "txn" mode: one transaction per operation (read = begin,
/// get, commit; update and read-modify-write = get + set + commit in one transaction; insert = set
/// + commit; scan = begin, scan, commit). A conflicting operation is counted and run again as a
/// <i>new</i> transaction (at most <see cref="MaxAttempts"/> times); the client itself never retries.
/// Not thread-safe: one per thread.
/// </summary>
internal sealed class TxnYcsbWorker : IYcsbWorker
{
    public const int MaxAttempts = TxnLayer.MaxAttempts;
    private readonly TxnClient _client;
    private readonly CoreWorkload _workload;
    private readonly Random _random;
    private readonly byte[] _fill;
    private readonly System.Buffers.ArrayBufferWriter<byte> _write = new(1024);
    private readonly long[] _notFound = new long[YcsbOperations.Count];

    public TxnYcsbWorker(TxnClient client, CoreWorkload workload, Random random)
    {
        _client = client;
        _workload = workload;
        _random = random;
        _fill = new byte[workload.Settings.FieldCount * workload.Settings.FieldLength];
    }

    public long UserBytesWritten { get; private set; }
    public long InsertedBytes { get; private set; }
    /// <summary>Operations that met a conflict and were run again as new transactions.</summary>
    public long Retries { get; private set; }
    /// <summary>Operations given up after <see cref="MaxAttempts"/> conflicts.</summary>
    public long Failed { get; private set; }

    public long NotFound(YcsbOperation op) => _notFound[(int)op];
    public YcsbOperation NextOperation() => _workload.NextOperation(_random);

    public void Load() => Insert(_workload.NextLoadKeynum());

    public void Execute(YcsbOperation op)
    {
        switch (op)
        {
            case YcsbOperation.Read:
                Attempt(t => { if (t.Get(Key(_workload.NextTransactionKeynum(_random))) is null) _notFound[(int)op]++; });
                break;
            case YcsbOperation.Update:
            case YcsbOperation.ReadModifyWrite:
            {
                var keynum = _workload.NextTransactionKeynum(_random);
                Attempt(t => Update(t, keynum, op));
                break;
            }
            case YcsbOperation.Insert:
            {
                var keynum = _workload.NextInsertKeynum();
                try { Insert(keynum); }
                finally { _workload.AcknowledgeInsert(keynum); }
                break;
            }
            case YcsbOperation.Scan:
            {
                var keynum = _workload.NextTransactionKeynum(_random);
                var length = _workload.NextScanLength(_random);
                Attempt(t => t.Scan(Key(keynum), null, length));
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "unknown YCSB operation");
        }
    }

    private byte[] Key(long keynum) => _workload.KeyBytes(keynum);

    private void Insert(long keynum)
    {
        var key = Key(keynum);
        var s = _workload.Settings;
        CoreWorkload.FillRandom(_random, _fill);
        _write.ResetWrittenCount();
        RecordCodec.WriteFull(_write, s.FieldCount, s.FieldLength, _fill);
        var value = _write.WrittenSpan.ToArray();
        Attempt(t => t.Set(key, value));
        UserBytesWritten += key.Length + value.Length;
        InsertedBytes += key.Length + value.Length;
    }

    private void Update(Transaction t, long keynum, YcsbOperation op)
    {
        var s = _workload.Settings;
        var key = Key(keynum);
        var old = t.Get(key);
        if (old is null)
        {
            _notFound[(int)op]++;
            return;
        }
        _write.ResetWrittenCount();
        if (s.WriteAllFields && op == YcsbOperation.Update)
        {
            CoreWorkload.FillRandom(_random, _fill);
            RecordCodec.WriteFull(_write, s.FieldCount, s.FieldLength, _fill);
        }
        else
        {
            var field = _fill.AsSpan(0, s.FieldLength);
            CoreWorkload.FillRandom(_random, field);
            RecordCodec.WriteWithField(_write, old, _workload.NextFieldIndex(_random), field);
        }
        var value = _write.WrittenSpan.ToArray();
        t.Set(key, value);
        UserBytesWritten += key.Length + value.Length;
    }

    private void Attempt(Action<Transaction> body)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var t = _client.Begin();
            try
            {
                body(t);
                t.Commit();
                return;
            }
            catch (Exception e) when (e is WriteConflictException or TxnAbortedException)
            {
                if (attempt >= MaxAttempts)
                {
                    Failed++;
                    return;
                }
                Retries++;
            }
        }
    }

    public void Dispose() { }
}

using Workbench.Cluster.Client;
using Workbench.Harness.Ycsb;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.ClusterLayers;

/// <summary>
/// YCSB at layer raft, as go-ycsb's TiKV "raw" mode: every operation is RawClient calls on the
/// replicated cluster (read = RawGet; update and read-modify-write = RawGet + RawPut of the record
/// with one field replaced; insert = RawPut; scan = RawScan), no transactions. Not thread-safe: one per thread.
/// </summary>
internal sealed class RawYcsbWorker : IYcsbWorker
{
    private readonly RawClient _client;
    private readonly CoreWorkload _workload;
    private readonly Random _random;
    private readonly byte[] _fill;
    private readonly System.Buffers.ArrayBufferWriter<byte> _write = new(1024);
    private readonly long[] _notFound = new long[YcsbOperations.Count];

    public RawYcsbWorker(RawClient client, CoreWorkload workload, Random random)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(workload);
        _client = client;
        _workload = workload;
        _random = random;
        _fill = new byte[workload.Settings.FieldCount * workload.Settings.FieldLength];
    }

    public long UserBytesWritten { get; private set; }
    public long InsertedBytes { get; private set; }
    public long NotFound(YcsbOperation op) => _notFound[(int)op];
    public YcsbOperation NextOperation() => _workload.NextOperation(_random);

    public void Load() => Insert(_workload.NextLoadKeynum());

    public void Execute(YcsbOperation op)
    {
        switch (op)
        {
            case YcsbOperation.Read:
                if (_client.GetAsync(Key(_workload.NextTransactionKeynum(_random))).GetAwaiter().GetResult() is null) _notFound[(int)op]++;
                break;
            case YcsbOperation.Update:
            case YcsbOperation.ReadModifyWrite:
                Update(_workload.NextTransactionKeynum(_random), op);
                break;
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
                _client.ScanAsync(Key(keynum), null, _workload.NextScanLength(_random)).GetAwaiter().GetResult();
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
        _client.PutAsync(key, value).GetAwaiter().GetResult();
        UserBytesWritten += key.Length + value.Length;
        InsertedBytes += key.Length + value.Length;
    }

    private void Update(long keynum, YcsbOperation op)
    {
        var s = _workload.Settings;
        var key = Key(keynum);
        var old = _client.GetAsync(key).GetAwaiter().GetResult();
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
        _client.PutAsync(key, value).GetAwaiter().GetResult();
        UserBytesWritten += key.Length + value.Length;
    }

    public void Dispose() { }
}

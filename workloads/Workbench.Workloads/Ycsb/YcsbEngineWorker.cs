using System.Buffers;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;

namespace Workbench.Workloads.Ycsb;

/// <summary>
/// Runs core-workload operations against an <see cref="IKvEngine"/> at the engine layer: one
/// record = one key in the default column family, its fields encoded in the value
/// (<see cref="RecordCodec"/>). Update and read-modify-write read the record, replace the field(s)
/// and write it back, as go-ycsb's key-value bindings do. Not thread-safe: one worker per thread,
/// all sharing the <see cref="CoreWorkload"/>. Buffers are reused so steady state allocates nothing
/// per operation beyond what the engine allocates.
/// </summary>
public sealed class YcsbEngineWorker : IDisposable
{
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle _cf;
    private readonly CoreWorkload _workload;
    private readonly Random _random;
    private readonly WriteBatch _batch = new();
    private readonly ArrayBufferWriter<byte> _read = new(1024);
    private readonly ArrayBufferWriter<byte> _write = new(1024);
    private readonly byte[] _key;
    private readonly byte[] _fill;
    private readonly long[] _notFound = new long[YcsbOperations.Count];

    /// <summary>A worker writing records into the default column family of <paramref name="engine"/>, choosing with <paramref name="random"/> (one per thread).</summary>
    public YcsbEngineWorker(IKvEngine engine, CoreWorkload workload, Random random)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(random);
        _engine = engine;
        _cf = engine.DefaultColumnFamily();
        _workload = workload;
        _random = random;
        _key = new byte[workload.MaxKeyLength];
        _fill = new byte[workload.Settings.FieldCount * workload.Settings.FieldLength];
    }

    /// <summary>User bytes (key + value) this worker has written.</summary>
    public long UserBytesWritten { get; private set; }

    /// <summary>Key + value bytes of the records this worker inserted (load and run inserts): new live data.</summary>
    public long InsertedBytes { get; private set; }

    /// <summary>Operations of a kind whose key was not found (go-ycsb's *_ERROR rows).</summary>
    public long NotFound(YcsbOperation op) => _notFound[(int)op];

    /// <summary>The next operation the workload chooses, with this worker's random source.</summary>
    public YcsbOperation NextOperation() => _workload.NextOperation(_random);

    /// <summary>One load-phase insert (the next key of the load sequence).</summary>
    public void Load() => Insert(_workload.NextLoadKeynum());

    /// <summary>Executes one operation of the run phase.</summary>
    public void Execute(YcsbOperation op)
    {
        switch (op)
        {
            case YcsbOperation.Read:
                Read(_workload.NextTransactionKeynum(_random));
                break;
            case YcsbOperation.Update:
                Update(_workload.NextTransactionKeynum(_random));
                break;
            case YcsbOperation.Insert:
                var keynum = _workload.NextInsertKeynum();
                try
                {
                    Insert(keynum);
                }
                finally
                {
                    _workload.AcknowledgeInsert(keynum);
                }
                break;
            case YcsbOperation.Scan:
                Scan(_workload.NextTransactionKeynum(_random), _workload.NextScanLength(_random));
                break;
            case YcsbOperation.ReadModifyWrite:
                var k = _workload.NextTransactionKeynum(_random);
                if (Read(k)) Update(k);
                else _notFound[(int)op]++;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "unknown YCSB operation");
        }
    }

    private void Insert(long keynum)
    {
        var keyLen = _workload.BuildKey(keynum, _key);
        CoreWorkload.FillRandom(_random, _fill);
        _write.ResetWrittenCount();
        RecordCodec.WriteFull(_write, _workload.Settings.FieldCount, _workload.Settings.FieldLength, _fill);
        Put(_key.AsSpan(0, keyLen), _write.WrittenSpan);
        InsertedBytes += keyLen + _write.WrittenCount;
    }

    private bool Read(long keynum)
    {
        var keyLen = _workload.BuildKey(keynum, _key);
        _read.ResetWrittenCount();
        if (_engine.TryGet(_cf, _key.AsSpan(0, keyLen), _read)) return true;
        _notFound[(int)YcsbOperation.Read]++;
        return false;
    }

    private void Update(long keynum)
    {
        var s = _workload.Settings;
        var keyLen = _workload.BuildKey(keynum, _key);
        var key = _key.AsSpan(0, keyLen);
        _write.ResetWrittenCount();
        if (s.WriteAllFields)
        {
            CoreWorkload.FillRandom(_random, _fill);
            RecordCodec.WriteFull(_write, s.FieldCount, s.FieldLength, _fill);
        }
        else
        {
            _read.ResetWrittenCount();
            if (!_engine.TryGet(_cf, key, _read))
            {
                _notFound[(int)YcsbOperation.Update]++;
                return;
            }
            var field = _fill.AsSpan(0, s.FieldLength);
            CoreWorkload.FillRandom(_random, field);
            RecordCodec.WriteWithField(_write, _read.WrittenSpan, _workload.NextFieldIndex(_random), field);
        }
        Put(key, _write.WrittenSpan);
    }

    private void Scan(long startKeynum, int length)
    {
        var keyLen = _workload.BuildKey(startKeynum, _key);
        using var it = _engine.NewIterator(_cf);
        it.Seek(_key.AsSpan(0, keyLen));
        for (var i = 0; i < length && it.Valid; i++)
        {
            // Touch the value as a client would when it decodes the row.
            _ = it.Value.Length;
            it.Next();
        }
    }

    private void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        _batch.Clear();
        _batch.Put(_cf, key, value);
        _engine.Write(_batch);
        UserBytesWritten += key.Length + value.Length;
    }

    /// <summary>Returns the pooled write batch.</summary>
    public void Dispose() => _batch.Dispose();
}

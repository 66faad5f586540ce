using System.Globalization;
using System.Text;
using Workbench.Workloads.Generators;

namespace Workbench.Workloads.Ycsb;

/// <summary>
/// YCSB's CoreWorkload minus the database calls: key naming (<c>user</c> + FNV hash of the
/// sequence number, or the number itself with insertorder=ordered, zero-padded to
/// <c>zeropadding</c>), the operation chooser, the request distribution (uniform, zipfian =
/// scrambled zipfian over recordcount + 2 × expected inserts, latest = skewed-latest over the
/// acknowledged insert counter, hotspot), scan lengths and field choice. Thread-safe: shared by all
/// workers; each worker passes its own <see cref="Random"/>.
/// </summary>
public sealed class CoreWorkload
{
    private static readonly byte[] KeyPrefix = "user"u8.ToArray();

    private readonly CounterGenerator _loadSequence;
    private readonly AcknowledgedCounterGenerator _insertSequence;
    private readonly DiscreteGenerator<YcsbOperation> _operationChooser;
    private readonly INumberGenerator _keyChooser;
    private readonly UniformLongGenerator _fieldChooser;
    private readonly INumberGenerator _scanLength;

    /// <summary>Builds the generators the properties ask for: operation chooser, key chooser of the request distribution, field chooser and scan length; an unsupported distribution throws <see cref="FormatException"/>.</summary>
    public CoreWorkload(CoreWorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _loadSequence = new CounterGenerator(settings.InsertStart);
        _insertSequence = new AcknowledgedCounterGenerator(settings.RecordCount);
        var ops = new List<(YcsbOperation, double)>();
        if (settings.ReadProportion > 0) ops.Add((YcsbOperation.Read, settings.ReadProportion));
        if (settings.UpdateProportion > 0) ops.Add((YcsbOperation.Update, settings.UpdateProportion));
        if (settings.InsertProportion > 0) ops.Add((YcsbOperation.Insert, settings.InsertProportion));
        if (settings.ScanProportion > 0) ops.Add((YcsbOperation.Scan, settings.ScanProportion));
        if (settings.ReadModifyWriteProportion > 0) ops.Add((YcsbOperation.ReadModifyWrite, settings.ReadModifyWriteProportion));
        _operationChooser = new DiscreteGenerator<YcsbOperation>(ops);
        var first = settings.InsertStart;
        var last = settings.InsertStart + settings.InsertCount - 1;
        _keyChooser = settings.RequestDistribution switch
        {
            "uniform" => new UniformLongGenerator(first, last),
            // YCSB sizes the scrambled zipfian for the inserts it expects (×2 fudge factor) so that the
            // popular keys do not move as the key space grows; draws beyond the inserted range are redrawn.
            "zipfian" => new ScrambledZipfianGenerator(first, last + (long)(settings.OperationCount * settings.InsertProportion * 2.0), settings.ZipfianConstant),
            "latest" => new SkewedLatestGenerator(_insertSequence),
            "hotspot" => new HotspotIntegerGenerator(first, last, settings.HotspotDataFraction, settings.HotspotOpnFraction),
            var d => throw new FormatException($"requestdistribution '{d}' is not supported"),
        };
        _fieldChooser = new UniformLongGenerator(0, settings.FieldCount - 1);
        _scanLength = settings.ScanLengthDistribution == "zipfian"
            ? new ZipfianGenerator(settings.MinScanLength, settings.MaxScanLength)
            : new UniformLongGenerator(settings.MinScanLength, settings.MaxScanLength);
        MaxKeyLength = KeyPrefix.Length + Math.Max(settings.ZeroPadding, 20);
    }

    /// <summary>The properties this workload was built from.</summary>
    public CoreWorkloadSettings Settings { get; }

    /// <summary>Upper bound of <see cref="BuildKey"/>'s output length.</summary>
    public int MaxKeyLength { get; }

    /// <summary>Bytes of one full record as stored (see <see cref="RecordCodec"/>).</summary>
    public int RecordSize => RecordCodec.EncodedSize(Settings.FieldCount, Settings.FieldLength);

    /// <summary>The next key number of the load phase (YCSB's keysequence, starting at insertstart).</summary>
    public long NextLoadKeynum() => _loadSequence.Next();

    /// <summary>The next operation, chosen by the read/update/insert/scan/read-modify-write proportions.</summary>
    public YcsbOperation NextOperation(Random random) => _operationChooser.Next(random);

    /// <summary>YCSB's nextKeynum: a key number from the request distribution that has been inserted (acknowledged).</summary>
    public long NextTransactionKeynum(Random random)
    {
        long keynum;
        do keynum = _keyChooser.Next(random);
        while (keynum > _insertSequence.Last);
        return keynum;
    }

    /// <summary>A fresh key number for a run-phase insert; call <see cref="AcknowledgeInsert"/> once it is written.</summary>
    public long NextInsertKeynum() => _insertSequence.Next();

    /// <summary>Marks a run-phase insert of <paramref name="keynum"/> as done, so readers may pick it.</summary>
    public void AcknowledgeInsert(long keynum) => _insertSequence.Acknowledge(keynum);

    /// <summary>Number of records the next scan reads (minscanlength..maxscanlength, by scanlengthdistribution).</summary>
    public int NextScanLength(Random random) => (int)_scanLength.Next(random);

    /// <summary>Index of the field an update or single-field read touches (uniform over fieldcount).</summary>
    public int NextFieldIndex(Random random) => (int)_fieldChooser.Next(random);

    /// <summary>Writes the key of <paramref name="keynum"/> (ASCII) into <paramref name="destination"/>; returns its length.</summary>
    public int BuildKey(long keynum, Span<byte> destination)
    {
        if (!Settings.OrderedInserts) keynum = Fnv64.Hash(keynum);
        Span<byte> digits = stackalloc byte[24];
        if (!keynum.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("a long always fits 24 digits");
        KeyPrefix.CopyTo(destination);
        var pos = KeyPrefix.Length;
        for (var i = n; i < Settings.ZeroPadding; i++) destination[pos++] = (byte)'0';
        digits[..n].CopyTo(destination[pos..]);
        return pos + n;
    }

    /// <summary>The key of <paramref name="keynum"/> as a new array (for clients that keep the key, e.g. a transaction's buffer).</summary>
    public byte[] KeyBytes(long keynum)
    {
        Span<byte> buf = stackalloc byte[MaxKeyLength];
        return buf[..BuildKey(keynum, buf)].ToArray();
    }

    /// <summary>The key of <paramref name="keynum"/> as a string (for SQL statements and logs).</summary>
    public string KeyString(long keynum)
    {
        Span<byte> buf = stackalloc byte[MaxKeyLength];
        return Encoding.ASCII.GetString(buf[..BuildKey(keynum, buf)]);
    }

    /// <summary>Fills field bytes the way YCSB's RandomByteIterator does: printable ASCII from ' ' to '~'.</summary>
    public static void FillRandom(Random random, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        random.NextBytes(destination);
        for (var i = 0; i < destination.Length; i++) destination[i] = (byte)(' ' + destination[i] % 95);
    }
}

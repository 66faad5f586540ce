namespace Workbench.Workloads.Ycsb;

/// <summary>
/// The properties YCSB's CoreWorkload reads, with YCSB's own defaults (site.ycsb.workloads.CoreWorkload
/// and site.ycsb.Client). Unsupported choices (e.g. fieldlengthdistribution other than constant,
/// requestdistribution exponential/sequential) are errors naming the key, never silently ignored.
/// </summary>
public sealed record CoreWorkloadSettings
{
    /// <summary>Table name (YCSB's table, "usertable").</summary>
    public string Table { get; init; } = "usertable";
    /// <summary>Records the load phase inserts (recordcount).</summary>
    public long RecordCount { get; init; }
    /// <summary>Operations the run phase does (operationcount).</summary>
    public long OperationCount { get; init; }
    /// <summary>Fields per record (fieldcount, 10).</summary>
    public int FieldCount { get; init; } = 10;
    /// <summary>Bytes per field (fieldlength, 100; constant length only).</summary>
    public int FieldLength { get; init; } = 100;
    /// <summary>Reads return every field (readallfields, true) rather than one.</summary>
    public bool ReadAllFields { get; init; } = true;
    /// <summary>Updates write every field (writeallfields, false) rather than one.</summary>
    public bool WriteAllFields { get; init; }
    /// <summary>Share of reads (readproportion, 0.95).</summary>
    public double ReadProportion { get; init; } = 0.95;
    /// <summary>Share of updates (updateproportion, 0.05).</summary>
    public double UpdateProportion { get; init; } = 0.05;
    /// <summary>Share of inserts (insertproportion).</summary>
    public double InsertProportion { get; init; }
    /// <summary>Share of scans (scanproportion).</summary>
    public double ScanProportion { get; init; }
    /// <summary>Share of read-modify-writes (readmodifywriteproportion).</summary>
    public double ReadModifyWriteProportion { get; init; }
    /// <summary>Key choice: uniform, zipfian, latest or hotspot (requestdistribution).</summary>
    public string RequestDistribution { get; init; } = "uniform";
    /// <summary>Digits the key number is zero-padded to (zeropadding, 1).</summary>
    public int ZeroPadding { get; init; } = 1;
    /// <summary>Shortest scan (minscanlength).</summary>
    public int MinScanLength { get; init; } = 1;
    /// <summary>Longest scan (maxscanlength).</summary>
    public int MaxScanLength { get; init; } = 1000;
    /// <summary>Scan length choice: uniform or zipfian (scanlengthdistribution).</summary>
    public string ScanLengthDistribution { get; init; } = "uniform";
    /// <summary>insertorder=ordered: keys are "user" + the number, not its hash.</summary>
    public bool OrderedInserts { get; init; }
    /// <summary>Hot share of the key space for hotspot (hotspotdatafraction, 0.2).</summary>
    public double HotspotDataFraction { get; init; } = 0.2;
    /// <summary>Share of operations on the hot set for hotspot (hotspotopnfraction, 0.8).</summary>
    public double HotspotOpnFraction { get; init; } = 0.8;
    /// <summary>First key number this client loads (insertstart).</summary>
    public long InsertStart { get; init; }
    /// <summary>Key numbers this client loads (insertcount; recordcount − insertstart when unset).</summary>
    public long InsertCount { get; init; }
    /// <summary>θ of the zipfian distributions (zipfianconstant, 0.99).</summary>
    public double ZipfianConstant { get; init; } = Generators.ZipfianGenerator.ZipfianConstant;

    /// <summary>Every property name YCSB's core workload and client define (the ones read here and the ones the client itself uses, e.g. threadcount, target).</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "workload", "db", "exporter", "table", "recordcount", "operationcount", "fieldcount", "fieldlength",
        "fieldlengthdistribution", "fieldnameprefix", "readallfields", "writeallfields", "readproportion",
        "updateproportion", "insertproportion", "scanproportion", "readmodifywriteproportion",
        "requestdistribution", "zeropadding", "minscanlength", "maxscanlength", "scanlengthdistribution",
        "insertorder", "hotspotdatafraction", "hotspotopnfraction", "insertstart", "insertcount",
        "zipfianconstant", "threadcount", "target", "measurementtype", "dataintegrity",
    ];

    /// <summary>Counts must not be negative; the message names the key and where it was set (file:line or -p).</summary>
    private static void RequireNonNegative(YcsbProperties p, params string[] keys)
    {
        foreach (var key in keys)
            if (p.Contains(key) && p.GetLong(key, 0) < 0)
                throw new FormatException($"YCSB property '{key}' ({p.Where(key)}) must not be negative, got {p.GetString(key, "")}");
    }

    /// <summary>Reads and validates the settings from <paramref name="p"/>; a negative count, a proportion out of range, an unsupported choice or an unparsable value throws <see cref="FormatException"/> naming the key.</summary>
    public static CoreWorkloadSettings From(YcsbProperties p)
    {
        ArgumentNullException.ThrowIfNull(p);
        RequireNonNegative(p, "recordcount", "operationcount", "insertstart", "insertcount");
        foreach (var key in (ReadOnlySpan<string>)["readproportion", "updateproportion", "insertproportion", "scanproportion", "readmodifywriteproportion", "hotspotdatafraction", "hotspotopnfraction"])
        {
            var v = p.GetDouble(key, 0);
            if (!(v >= 0 && v <= 1)) throw new FormatException($"YCSB property '{key}' ({p.Where(key)}) must be in [0, 1], got {p.GetString(key, "")}");
        }
        var recordCount = p.GetLong("recordcount", 0);
        // YCSB: a record count of 0 means Integer.MAX_VALUE.
        if (recordCount == 0) recordCount = int.MaxValue;
        var insertStart = p.GetLong("insertstart", 0);
        var s = new CoreWorkloadSettings
        {
            Table = p.GetString("table", "usertable"),
            RecordCount = recordCount,
            OperationCount = p.GetLong("operationcount", 0),
            FieldCount = p.GetInt("fieldcount", 10),
            FieldLength = p.GetInt("fieldlength", 100),
            ReadAllFields = p.GetBool("readallfields", true),
            WriteAllFields = p.GetBool("writeallfields", false),
            ReadProportion = p.GetDouble("readproportion", 0.95),
            UpdateProportion = p.GetDouble("updateproportion", 0.05),
            InsertProportion = p.GetDouble("insertproportion", 0),
            ScanProportion = p.GetDouble("scanproportion", 0),
            ReadModifyWriteProportion = p.GetDouble("readmodifywriteproportion", 0),
            RequestDistribution = p.GetString("requestdistribution", "uniform"),
            ZeroPadding = p.GetInt("zeropadding", 1),
            MinScanLength = p.GetInt("minscanlength", 1),
            MaxScanLength = p.GetInt("maxscanlength", 1000),
            ScanLengthDistribution = p.GetString("scanlengthdistribution", "uniform"),
            OrderedInserts = p.GetString("insertorder", "hashed") switch
            {
                "hashed" => false,
                "ordered" => true,
                var other => throw new FormatException($"YCSB property 'insertorder' ({p.Where("insertorder")}) must be hashed or ordered, got '{other}'"),
            },
            HotspotDataFraction = p.GetDouble("hotspotdatafraction", 0.2),
            HotspotOpnFraction = p.GetDouble("hotspotopnfraction", 0.8),
            InsertStart = insertStart,
            InsertCount = p.GetLong("insertcount", recordCount - insertStart),
            ZipfianConstant = p.GetDouble("zipfianconstant", Generators.ZipfianGenerator.ZipfianConstant),
        };
        var fld = p.GetString("fieldlengthdistribution", "constant");
        if (fld != "constant") throw new FormatException($"YCSB property 'fieldlengthdistribution' ({p.Where("fieldlengthdistribution")}): only 'constant' is supported, got '{fld}'");
        if (s.RequestDistribution is not ("uniform" or "zipfian" or "latest" or "hotspot"))
            throw new FormatException($"YCSB property 'requestdistribution' ({p.Where("requestdistribution")}) must be uniform, zipfian, latest or hotspot, got '{s.RequestDistribution}'");
        if (s.ScanLengthDistribution is not ("uniform" or "zipfian"))
            throw new FormatException($"YCSB property 'scanlengthdistribution' ({p.Where("scanlengthdistribution")}) must be uniform or zipfian, got '{s.ScanLengthDistribution}'");
        if (s.FieldCount < 1) throw new FormatException($"YCSB property 'fieldcount' ({p.Where("fieldcount")}) must be at least 1");
        if (s.FieldLength < 0) throw new FormatException($"YCSB property 'fieldlength' ({p.Where("fieldlength")}) must not be negative");
        if (s.MinScanLength < 1 || s.MaxScanLength < s.MinScanLength)
            throw new FormatException($"YCSB properties 'minscanlength'/'maxscanlength' must satisfy 1 <= min <= max, got {s.MinScanLength}/{s.MaxScanLength}");
        if (s.ZeroPadding < 1) throw new FormatException($"YCSB property 'zeropadding' ({p.Where("zeropadding")}) must be at least 1");
        if (s.InsertCount < 1) throw new FormatException($"YCSB property 'insertcount' ({p.Where("insertcount")}) must be at least 1");
        var total = s.ReadProportion + s.UpdateProportion + s.InsertProportion + s.ScanProportion + s.ReadModifyWriteProportion;
        if (total <= 0) throw new FormatException("YCSB properties: the operation proportions (readproportion, updateproportion, insertproportion, scanproportion, readmodifywriteproportion) sum to zero");
        return s;
    }
}

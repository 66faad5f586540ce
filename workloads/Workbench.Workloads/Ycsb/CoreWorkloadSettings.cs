namespace Workbench.Workloads.Ycsb;

/// <summary>
/// The properties YCSB's CoreWorkload reads, with YCSB's own defaults (site.ycsb.workloads.CoreWorkload
/// and site.ycsb.Client). Unsupported choices (e.g. fieldlengthdistribution other than constant,
/// requestdistribution exponential/sequential) are errors naming the key, never silently ignored.
/// </summary>
public sealed record CoreWorkloadSettings
{
    public string Table { get; init; } = "usertable";
    public long RecordCount { get; init; }
    public long OperationCount { get; init; }
    public int FieldCount { get; init; } = 10;
    public int FieldLength { get; init; } = 100;
    public bool ReadAllFields { get; init; } = true;
    public bool WriteAllFields { get; init; }
    public double ReadProportion { get; init; } = 0.95;
    public double UpdateProportion { get; init; } = 0.05;
    public double InsertProportion { get; init; }
    public double ScanProportion { get; init; }
    public double ReadModifyWriteProportion { get; init; }
    public string RequestDistribution { get; init; } = "uniform";
    public int ZeroPadding { get; init; } = 1;
    public int MinScanLength { get; init; } = 1;
    public int MaxScanLength { get; init; } = 1000;
    public string ScanLengthDistribution { get; init; } = "uniform";
    public bool OrderedInserts { get; init; }
    public double HotspotDataFraction { get; init; } = 0.2;
    public double HotspotOpnFraction { get; init; } = 0.8;
    public long InsertStart { get; init; }
    public long InsertCount { get; init; }
    public double ZipfianConstant { get; init; } = Generators.ZipfianGenerator.ZipfianConstant;

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

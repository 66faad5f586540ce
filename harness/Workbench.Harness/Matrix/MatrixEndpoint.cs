namespace Workbench.Harness.Matrix;

/// <summary>
/// An external MySQL-protocol server a layer-sql workload runs against instead of an engine of ours
/// (e.g. MariaDB InnoDB or MyRocks from scripts/mariadb.sh), so it is a labelled row of the same
/// report. <see cref="StorageEngine"/> is the ENGINE its tables are created with (innodb | rocksdb).
/// </summary>
internal sealed record MatrixEndpoint(string Host, int Port, string Label, string StorageEngine, string User, string Password, string Database)
{
    /// <summary>What the results record as the cell's engine name: "endpoint:innodb", "endpoint:rocksdb".</summary>
    public string EngineName => "endpoint:" + StorageEngine;

    /// <summary>The endpoint as options for the results (the password is left out).</summary>
    public Dictionary<string, string> Describe() => new(StringComparer.Ordinal)
    {
        ["host"] = Host,
        ["port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["engine"] = StorageEngine,
        ["user"] = User,
        ["database"] = Database,
    };
}

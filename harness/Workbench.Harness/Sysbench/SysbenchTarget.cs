namespace Workbench.Harness.Sysbench;

/// <summary>The MySQL server sysbench connects to, and the storage engine its tables are created with (--mysql-storage-engine; ignored by our server).</summary>
internal sealed record SysbenchTarget(string Host, int Port, string User, string Password, string Database, string StorageEngine = "innodb");

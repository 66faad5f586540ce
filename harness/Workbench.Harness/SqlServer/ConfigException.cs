namespace Workbench.Harness.SqlServer;

/// <summary>A bad `sql-server` config; the message names the file, line and key.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException() { }
    public ConfigException(string message) : base(message) { }
    public ConfigException(string message, Exception inner) : base(message, inner) { }
}

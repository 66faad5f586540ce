namespace Workbench.Storage.Registry;

/// <summary>Whether an option applies to the whole engine or may also be set per column family.</summary>
public enum OptionScope
{
    /// <summary>Settable only for the whole engine.</summary>
    Engine,
    /// <summary>Settable engine-wide (the default for every CF) and overridable per column family.</summary>
    ColumnFamily,
}

namespace Workbench.Storage.Contract;

/// <summary>
/// Names a column family of one open engine. <see cref="Id"/> is the index in declaration order.
/// Handles are only meaningful for the engine that issued them (<see cref="Owner"/>).
/// </summary>
public sealed class ColumnFamilyHandle
{
    public ColumnFamilyHandle(int id, string name, object owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(owner);
        Id = id;
        Name = name;
        Owner = owner;
    }

    public int Id { get; }
    public string Name { get; }

    /// <summary>The engine instance that issued the handle; engines reject handles of others.</summary>
    public object Owner { get; }

    public override string ToString() => $"{Name}#{Id}";
}

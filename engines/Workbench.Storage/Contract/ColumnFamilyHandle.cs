namespace Workbench.Storage.Contract;

/// <summary>
/// Names a column family of one open engine. <see cref="Id"/> is the index in declaration order.
/// Handles are only meaningful for the engine that issued them (<see cref="Owner"/>).
/// </summary>
public sealed class ColumnFamilyHandle
{
    /// <summary>A handle issued by engine <paramref name="owner"/> for column family <paramref name="name"/> at declaration index <paramref name="id"/>.</summary>
    public ColumnFamilyHandle(int id, string name, object owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(owner);
        Id = id;
        Name = name;
        Owner = owner;
    }

    /// <summary>Index of the column family in declaration order; the id written into write batches.</summary>
    public int Id { get; }
    /// <summary>The column family's declared name.</summary>
    public string Name { get; }

    /// <summary>The engine instance that issued the handle; engines reject handles of others.</summary>
    public object Owner { get; }

    /// <summary>"name#id", for messages.</summary>
    public override string ToString() => $"{Name}#{Id}";
}

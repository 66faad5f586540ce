namespace Workbench.Storage.Log;

/// <summary>Physical record types of the record log. Values are part of the format (FORMAT.md).</summary>
public enum RecordType : byte
{
    /// <summary>Not written: a header of zero bytes is zero fill (preallocated or padded space).</summary>
    Zero = 0,

    /// <summary>A whole logical record in one fragment.</summary>
    Full = 1,

    /// <summary>The first fragment of a logical record split across blocks.</summary>
    First = 2,

    /// <summary>An inner fragment of a split logical record.</summary>
    Middle = 3,

    /// <summary>The last fragment of a split logical record.</summary>
    Last = 4,
}

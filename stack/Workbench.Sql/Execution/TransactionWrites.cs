namespace Workbench.Sql.Execution;

/// <summary>The row and index mutations one transaction has handed to the layer below so far (see <see cref="SqlWriteStats"/>). A mutable value; one thread.</summary>
internal struct TransactionWrites
{
    public long RowBytes, RowPuts, RowDeletes, IndexBytes, IndexPuts, IndexDeletes;

    public readonly bool IsEmpty => RowPuts + RowDeletes + IndexPuts + IndexDeletes == 0;

    /// <summary>Counts one mutation; <paramref name="value"/> is null for a delete. Keys that are not table data (meta) are ignored.</summary>
    public void Count(byte[] key, byte[]? value)
    {
        // Table data keys are 't' + 8-byte table id + "_r" (row) or "_i" (index entry): TableCodec's layout.
        if (key.Length < 11 || key[0] != (byte)'t' || key[9] != (byte)'_') return;
        long bytes = key.Length + (value?.Length ?? 0);
        if (key[10] == (byte)'r')
        {
            RowBytes += bytes;
            if (value is null) RowDeletes++; else RowPuts++;
        }
        else if (key[10] == (byte)'i')
        {
            IndexBytes += bytes;
            if (value is null) IndexDeletes++; else IndexPuts++;
        }
    }
}

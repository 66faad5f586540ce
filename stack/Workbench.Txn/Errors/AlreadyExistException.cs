namespace Workbench.Txn.Errors;

/// <summary>AlreadyExist: an insert found a visible value for its key.</summary>
public sealed class AlreadyExistException : TxnException
{
    /// <summary>An insert of <paramref name="key"/> met a visible value.</summary>
    public AlreadyExistException(byte[] key) : base($"AlreadyExist: key {Convert.ToHexString(key)}") => Key = key;

    /// <summary>The key (raw) that already exists.</summary>
    public byte[] Key { get; }
}

namespace Workbench.Txn.Errors;

/// <summary>AlreadyExist: an insert found a visible value for its key.</summary>
public sealed class AlreadyExistException : TxnException
{
    public AlreadyExistException(byte[] key) : base($"AlreadyExist: key {Convert.ToHexString(key)}") => Key = key;

    public byte[] Key { get; }
}

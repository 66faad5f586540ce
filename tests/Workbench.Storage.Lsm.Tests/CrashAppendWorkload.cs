namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The append workload of <see cref="CrashChild"/>: batch n puts <see cref="KeysPerBatch"/> new keys
/// across the column families, so the database after a crash must be exactly batches 0..N-1.
/// </summary>
internal static class CrashAppendWorkload
{
    public const int KeysPerBatch = 4;

    public static byte[] Key(long batch, int j) => System.Text.Encoding.ASCII.GetBytes($"b{batch:D8}-{j}");

    public static byte[] Value(long batch, int j)
    {
        var v = new byte[1 + (int)((batch * 7 + j * 131) % 600)];
        new Random((int)(batch * 31 + j)).NextBytes(v);
        return v;
    }
}

using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Harness.Matrix.Attribution;

/// <summary>The txn layer's entries of layer_bytes: Percolator modifications by CF (txn_default, txn_lock, txn_write) and their sum (txn), summed over stores.</summary>
internal static class TxnLayerBytes
{
    public static void AddTo(Dictionary<string, long> layers, IEnumerable<TxnWriteStats> stores)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(stores);
        var perCf = new long[CfNames.Count];
        foreach (var st in stores)
            for (var cf = 0; cf < perCf.Length; cf++) perCf[cf] += st.Bytes((Cf)cf);
        long total = 0;
        for (var cf = 0; cf < perCf.Length; cf++)
        {
            layers["txn_" + CfNames.All[cf]] = perCf[cf];
            total += perCf[cf];
        }
        layers["txn"] = total;
    }
}

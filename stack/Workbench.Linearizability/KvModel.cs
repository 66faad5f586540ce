namespace Workbench.Linearizability;

/// <summary>
/// A linearizable KV store with get/put/cas, one register per key (partitioned by key, as
/// Porcupine's etcd model). State: the key's value, null when absent.
/// An operation with an unknown outcome is applied as if it took effect; since its return time is
/// "never", the search can always place it last, where its effect is unobserved — equivalent to not happening.
/// </summary>
public sealed class KvModel : IModel<string?, KvModelInput, KvModelOutput>
{
    /// <inheritdoc/>
    public string? Init() => null;

    /// <inheritdoc/>
    public bool Step(string? state, KvModelInput input, KvModelOutput output, out string? next)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        next = state;
        switch (input.Op)
        {
            case KvModelOp.Get:
                return output.Unknown || output.Value == state;
            case KvModelOp.Put:
                next = input.Value;
                return true;
            case KvModelOp.Cas:
                var matches = state == input.Expected;
                if (output.Unknown)
                {
                    if (matches) next = input.Value;
                    return true;
                }
                if (output.Succeeded != matches) return false;
                if (matches) next = input.Value;
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyList<Operation<KvModelInput, KvModelOutput>>> Partition(IReadOnlyList<Operation<KvModelInput, KvModelOutput>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var byKey = new SortedDictionary<string, List<Operation<KvModelInput, KvModelOutput>>>(StringComparer.Ordinal);
        foreach (var op in history)
        {
            if (!byKey.TryGetValue(op.Input.Key, out var list)) byKey[op.Input.Key] = list = [];
            list.Add(op);
        }
        return [.. byKey.Values];
    }

    /// <inheritdoc/>
    public string Describe(KvModelInput input, KvModelOutput output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var result = output.Unknown ? "?" : input.Op switch
        {
            KvModelOp.Get => output.Value ?? "<absent>",
            KvModelOp.Cas => output.Succeeded ? "ok" : "failed",
            _ => "ok",
        };
        return input.Op switch
        {
            KvModelOp.Get => $"get({input.Key}) -> {result}",
            KvModelOp.Put => $"put({input.Key}, {input.Value}) -> {result}",
            _ => $"cas({input.Key}, {input.Expected ?? "<absent>"} => {input.Value}) -> {result}",
        };
    }
}

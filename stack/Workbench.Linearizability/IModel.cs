namespace Workbench.Linearizability;

/// <summary>
/// A sequential specification for the checker (Porcupine's Model). States must be immutable values
/// with meaningful Equals/GetHashCode (they are cached).
/// </summary>
public interface IModel<TState, TInput, TOutput>
{
    /// <summary>The state before any operation (for a KV register: absent).</summary>
    TState Init();

    /// <summary>Is <paramref name="output"/> a legal answer to <paramref name="input"/> in <paramref name="state"/>? If so, the next state.</summary>
    bool Step(TState state, TInput input, TOutput output, out TState next);

    /// <summary>Splits a history into independent sub-histories (e.g. by key); return the history itself if none.</summary>
    IReadOnlyList<IReadOnlyList<Operation<TInput, TOutput>>> Partition(IReadOnlyList<Operation<TInput, TOutput>> history);

    /// <summary>One line naming an operation and its answer, for the report of a failed check.</summary>
    string Describe(TInput input, TOutput output);
}

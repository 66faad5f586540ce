namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's DiscreteGenerator: picks one of several values with probability proportional to its
/// weight (the operation chooser of the core workload). Immutable after construction; thread-safe.
/// </summary>
public sealed class DiscreteGenerator<T>
{
    private readonly T[] _values;
    private readonly double[] _normalized;

    /// <summary>Normalizes the weights of <paramref name="choices"/>; negative or NaN weights, or a zero sum, are an error.</summary>
    public DiscreteGenerator(IReadOnlyList<(T Value, double Weight)> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0) throw new ArgumentException("at least one choice with a positive weight is needed", nameof(choices));
        double sum = 0;
        foreach (var (_, w) in choices)
        {
            if (w < 0 || double.IsNaN(w)) throw new ArgumentException($"weight {w} is negative or NaN", nameof(choices));
            sum += w;
        }
        if (sum <= 0) throw new ArgumentException("the weights sum to zero", nameof(choices));
        _values = new T[choices.Count];
        _normalized = new double[choices.Count];
        for (var i = 0; i < choices.Count; i++)
        {
            _values[i] = choices[i].Value;
            _normalized[i] = choices[i].Weight / sum;
        }
    }

    /// <summary>One value, with probability proportional to its weight.</summary>
    public T Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var val = random.NextDouble();
        for (var i = 0; i < _normalized.Length; i++)
        {
            if (val < _normalized[i]) return _values[i];
            val -= _normalized[i];
        }
        // Rounding can leave val a hair above the last weight; YCSB asserts here, we take the last non-zero choice.
        for (var i = _normalized.Length - 1; i >= 0; i--)
            if (_normalized[i] > 0) return _values[i];
        return _values[^1];
    }
}

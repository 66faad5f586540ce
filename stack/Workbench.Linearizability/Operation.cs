namespace Workbench.Linearizability;

/// <summary>
/// One operation of a concurrent history: invoked at <see cref="Call"/>, answered at
/// <see cref="Return"/> (use <see cref="long.MaxValue"/> when the outcome is unknown, e.g. a
/// timed-out write: it may take effect at any point after its call). Times are any monotonic clock.
/// </summary>
public sealed record Operation<TInput, TOutput>(int ClientId, TInput Input, TOutput Output, long Call, long Return);

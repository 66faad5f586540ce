using System.Numerics;

namespace Workbench.Linearizability;

/// <summary>
/// Porcupine's linearizability checker (Wing &amp; Gong's search with Lowe's memoization): partition
/// the history; per partition, sort call/return events by time (calls first on ties) into a linked
/// list; walk it depth-first: at a call, try the model step with the operation's output; if legal
/// and (set of linearized operations, state) is new, remember it, lift the call/return pair out of
/// the list and restart from the head; at a return, backtrack. An empty list means linearizable.
/// Reusable: any <see cref="IModel{TState,TInput,TOutput}"/>. Single-threaded; no shared state.
/// </summary>
public static class LinearizabilityChecker
{
    /// <summary>Checks <paramref name="history"/> against <paramref name="model"/>; each partition gets at most <paramref name="maxStepsPerPartition"/> search steps before its verdict is Unknown.</summary>
    public static CheckResult Check<TState, TInput, TOutput>(IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> history, long maxStepsPerPartition = 50_000_000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        var unknown = false;
        foreach (var part in model.Partition(history))
        {
            var (outcome, detail) = CheckPartition(model, part, maxStepsPerPartition);
            if (outcome == CheckOutcome.NotLinearizable) return new CheckResult(outcome, detail);
            if (outcome == CheckOutcome.Unknown) unknown = true;
        }
        return unknown ? new CheckResult(CheckOutcome.Unknown, "search budget exhausted") : new CheckResult(CheckOutcome.Linearizable, "");
    }

    private sealed class Node
    {
        public int Id;
        public bool IsCall;
        public long Time;
        public Node? Match;
        public Node? Prev;
        public Node? Next;
    }

    private static (CheckOutcome, string) CheckPartition<TState, TInput, TOutput>(IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> ops, long maxSteps)
    {
        var n = ops.Count;
        if (n == 0) return (CheckOutcome.Linearizable, "");
        var events = new List<Node>(2 * n);
        for (var i = 0; i < n; i++)
        {
            if (ops[i].Return < ops[i].Call) throw new ArgumentException($"operation {i} returns ({ops[i].Return}) before its call ({ops[i].Call})");
            var call = new Node { Id = i, IsCall = true, Time = ops[i].Call };
            var ret = new Node { Id = i, IsCall = false, Time = ops[i].Return };
            call.Match = ret;
            events.Add(call);
            events.Add(ret);
        }
        events.Sort((a, b) =>
        {
            var c = a.Time.CompareTo(b.Time);
            if (c != 0) return c;
            if (a.IsCall != b.IsCall) return a.IsCall ? -1 : 1; // calls first on ties
            return a.Id.CompareTo(b.Id);
        });
        var head = new Node { Id = -1 };
        var prev = head;
        foreach (var e in events)
        {
            prev.Next = e;
            e.Prev = prev;
            prev = e;
        }

        var words = (n + 63) / 64;
        var linearized = new ulong[words];
        var cache = new HashSet<CacheKey<TState>>();
        var stack = new Stack<(Node Entry, TState State)>();
        var state = model.Init();
        var entry = head.Next;
        long steps = 0;
        var longest = 0;
        while (head.Next is not null)
        {
            if (++steps > maxSteps) return (CheckOutcome.Unknown, "");
            if (entry!.IsCall)
            {
                var op = ops[entry.Id];
                if (model.Step(state, op.Input, op.Output, out var next))
                {
                    var bits = (ulong[])linearized.Clone();
                    bits[entry.Id / 64] |= 1UL << (entry.Id % 64);
                    if (cache.Add(new CacheKey<TState>(bits, next)))
                    {
                        stack.Push((entry, state));
                        state = next;
                        linearized = bits;
                        Lift(entry);
                        longest = Math.Max(longest, stack.Count);
                        entry = head.Next;
                        continue;
                    }
                }
                entry = entry.Next;
            }
            else
            {
                if (stack.Count == 0)
                {
                    var stuck = ops[entry.Id];
                    return (CheckOutcome.NotLinearizable,
                        $"no linearization of {n} operations (longest linearizable prefix: {longest}); search exhausted at the return of: client {stuck.ClientId} {model.Describe(stuck.Input, stuck.Output)} [{stuck.Call}, {stuck.Return}]");
                }
                var (top, s) = stack.Pop();
                state = s;
                linearized = (ulong[])linearized.Clone();
                linearized[top.Id / 64] &= ~(1UL << (top.Id % 64));
                Unlift(top);
                entry = top.Next;
            }
        }
        return (CheckOutcome.Linearizable, "");
    }

    private static void Lift(Node call)
    {
        call.Prev!.Next = call.Next;
        call.Next!.Prev = call.Prev;
        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null) ret.Next.Prev = ret.Prev;
    }

    private static void Unlift(Node call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null) ret.Next.Prev = ret;
        call.Prev!.Next = call;
        call.Next!.Prev = call;
    }

    private readonly struct CacheKey<TState>(ulong[] bits, TState state) : IEquatable<CacheKey<TState>>
    {
        private readonly ulong[] _bits = bits;
        private readonly TState _state = state;

        public bool Equals(CacheKey<TState> other) =>
            _bits.AsSpan().SequenceEqual(other._bits) && EqualityComparer<TState>.Default.Equals(_state, other._state);

        public override bool Equals(object? obj) => obj is CacheKey<TState> k && Equals(k);

        public override int GetHashCode()
        {
            ulong h = 14695981039346656037UL;
            foreach (var w in _bits) h = (h ^ w) * 1099511628211UL;
            return HashCode.Combine(BitOperations.RotateLeft(h, 17), _state is null ? 0 : EqualityComparer<TState>.Default.GetHashCode(_state));
        }
    }
}

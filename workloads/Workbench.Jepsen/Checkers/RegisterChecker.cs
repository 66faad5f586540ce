using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Jepsen.History;
using Workbench.Linearizability;

namespace Workbench.Jepsen.Checkers;

/// <summary>
/// Linearizability of independent registers with Porcupine (<see cref="LinearizabilityChecker"/>
/// over <see cref="KvModel"/>, partitioned by key). Operations: <c>read</c> {key, value},
/// <c>write</c> {key, value}, <c>cas</c> {key, from, to}. Ok ops are known; info writes/cas may
/// have happened at any time after their invocation; info reads and failed writes are dropped; a
/// cas that failed with error "mismatch" is known to have seen another value.
/// </summary>
public sealed class RegisterChecker(long maxStepsPerKey = 5_000_000) : IHistoryChecker
{
    /// <inheritdoc/>
    public string Name => "linearizable";

    /// <inheritdoc/>
    public CheckerVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var ops = new List<Operation<KvModelInput, KvModelOutput>>();
        var byInvoke = new List<int>();
        foreach (var op in OperationPairs.Pair(history))
        {
            var v = op.InvokeValue?.AsObject();
            if (v is null) continue;
            var key = Str(v["key"]) ?? "";
            KvModelInput input;
            KvModelOutput output;
            switch (op.F)
            {
                case "read":
                    if (op.Outcome != HistoryEventType.Ok) continue;
                    input = new KvModelInput(KvModelOp.Get, key);
                    output = new KvModelOutput(Value: Str(op.Value?["value"]));
                    break;
                case "write":
                    if (op.Outcome == HistoryEventType.Fail) continue;
                    input = new KvModelInput(KvModelOp.Put, key, Str(v["value"]));
                    output = op.Outcome == HistoryEventType.Ok ? new KvModelOutput(Succeeded: true) : KvModelOutput.Indeterminate;
                    break;
                case "cas":
                    input = new KvModelInput(KvModelOp.Cas, key, Str(v["to"]), Str(v["from"]));
                    if (op.Outcome == HistoryEventType.Fail)
                    {
                        if (op.Error != "mismatch") continue;
                        output = new KvModelOutput(Succeeded: false);
                    }
                    else output = op.Outcome == HistoryEventType.Ok ? new KvModelOutput(Succeeded: true) : KvModelOutput.Indeterminate;
                    break;
                default:
                    continue;
            }
            ops.Add(new Operation<KvModelInput, KvModelOutput>(op.Process, input, output, op.InvokeNs, op.CompleteNs));
            byInvoke.Add(op.InvokeIndex);
        }
        var counts = new Dictionary<string, long> { ["operations"] = ops.Count };
        if (ops.Count == 0) return new CheckerVerdict(Name, VerdictKind.Unknown, "no completed register operations", 0, counts);
        var result = LinearizabilityChecker.Check(new KvModel(), ops, maxStepsPerKey);
        return result.Outcome switch
        {
            CheckOutcome.Linearizable => new CheckerVerdict(Name, VerdictKind.Valid, "", ops.Count, counts),
            CheckOutcome.NotLinearizable => new CheckerVerdict(Name, VerdictKind.Invalid, result.Detail, ops.Count, counts),
            _ => new CheckerVerdict(Name, VerdictKind.Unknown, result.Detail, ops.Count, counts),
        };
    }

    internal static string? Str(JsonNode? n) => n is null ? null : n.GetValueKind() == System.Text.Json.JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();

    internal static string Format(long v) => v.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Runs;

namespace Workbench.Jepsen.Nemeses;

/// <summary>
/// Jepsen's nemesis schedule on real time, shared by the txn and SQL runs: after every interval a
/// fault (drawn from the seed among those given) starts, after the next it stops; each action is
/// recorded as process <see cref="HistoryEvent.NemesisProcess"/>, its invoke before it acts and its
/// info after (a kill may wait for requests in flight). Runs on the caller's thread.
/// </summary>
internal static class NemesisSchedule
{
    /// <summary>Applies the schedule until <paramref name="endMs"/> on <paramref name="clock"/>; returns the faults started.</summary>
    public static int Run(JepsenOptions options, IFaultTarget target, HistoryRecorder recorder, Stopwatch clock, Random rng, long endMs)
    {
        using var wake = new ManualResetEventSlim(false);
        NemesisKind? active = null;
        var next = (long)options.NemesisIntervalMs;
        var startNext = true;
        var faults = 0;
        while (clock.ElapsedMilliseconds < endMs)
        {
            // The schedule itself: wait for the next boundary (nothing signals the event).
            wake.Wait(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(next, endMs) - clock.ElapsedMilliseconds)));
            if (clock.ElapsedMilliseconds < next || options.Nemeses.Count == 0) continue;
            next += options.NemesisIntervalMs;
            if (startNext)
            {
                var kind = options.Nemeses[rng.Next(options.Nemeses.Count)];
                active = kind;
                Record(recorder, "start-" + NemesisNames.Name(kind), () => target.Start(kind, rng));
                faults++;
            }
            else if (active is not null)
            {
                var kind = active.Value;
                Record(recorder, "stop-" + NemesisNames.Name(kind), () => target.Stop(kind));
                active = null;
            }
            startNext = !startNext;
        }
        return faults;
    }

    /// <summary>Waits for the client threads (healing first when one is held by a fault), then heals everything and records it.</summary>
    public static void JoinAndHeal(IFaultTarget target, HistoryRecorder recorder, IEnumerable<Thread> clients)
    {
        foreach (var t in clients)
        {
            // Clients finish their current operation; a pause still in force would hold them, so heal first if needed.
            if (!t.Join(TimeSpan.FromSeconds(5)))
            {
                target.HealAll();
                t.Join();
            }
        }
        Record(recorder, "heal", () =>
        {
            target.HealAll();
            return "all faults stopped";
        });
    }

    /// <summary>The nemesis's invoke is recorded before the fault acts, its info after.</summary>
    public static void Record(HistoryRecorder h, string f, Func<string> act)
    {
        h.Invoke(HistoryEvent.NemesisProcess, f, null);
        h.Complete(HistoryEventType.Info, HistoryEvent.NemesisProcess, f, JsonValue.Create(act()));
    }
}

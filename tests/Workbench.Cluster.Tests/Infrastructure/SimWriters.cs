using System.Text;
using Workbench.Cluster.Client;
using Workbench.Cluster.Topology;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>
/// Writers that keep putting keys through raw clients while a simulated cluster changes under
/// them (continuations on the simulation's thread). A put whose outcome is unknown is retried
/// (a blind put is idempotent); any other failure is recorded as a client-visible error. Every
/// acknowledged value is remembered so the test can read them all back at the end.
/// </summary>
public sealed class SimWriters
{
    private readonly SimulatedCluster _c;
    private readonly List<Task> _tasks = [];
    private bool _stop;

    public SimWriters(SimulatedCluster c, int writers, int keys, int valueBytes = 64)
    {
        _c = c;
        if (keys % writers != 0) throw new ArgumentException("keys must be a multiple of writers (each key has one writer)");
        for (var w = 0; w < writers; w++) _tasks.Add(RunAsync(c.NewRawClient(), w, writers, keys, valueBytes));
    }

    /// <summary>The last acknowledged value of each key written.</summary>
    public Dictionary<string, string> Acked { get; } = new(StringComparer.Ordinal);
    public List<string> Errors { get; } = [];
    public long Puts { get; private set; }
    public long Retries { get; private set; }

    private async Task RunAsync(RawClient client, int w, int writers, int keys, int valueBytes)
    {
        for (var n = 0; !_stop; n++)
        {
            var key = $"key{(n * writers + w) % keys:D5}";
            var value = $"{w}:{n}:".PadRight(valueBytes, (char)('a' + n % 26));
            var ok = false;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await client.PutAsync(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value)).ConfigureAwait(false);
                    ok = true;
                    break;
                }
                catch (ClusterException e) when (e.Undetermined && attempt < 20)
                {
                    Retries++;
                }
                catch (ClusterException e)
                {
                    Errors.Add($"t={_c.Now} {key}: {e.Message}");
                    break;
                }
            }
            Puts++;
            if (ok) Acked[key] = value; // keys ≡ w (mod writers): no other writer overwrites it
        }
    }

    /// <summary>Stops the writers and runs until each finished its current put.</summary>
    public void Stop()
    {
        _stop = true;
        Assert.True(_c.RunUntil(() => _tasks.TrueForAll(t => t.IsCompleted), 60_000), $"writers did not stop (seed {_c.Seed})");
        foreach (var t in _tasks) t.GetAwaiter().GetResult();
    }

    /// <summary>Reads every acknowledged key back through a fresh client and checks its last value.</summary>
    public void AssertAllReadable()
    {
        var reader = _c.NewRawClient();
        foreach (var (k, v) in Acked)
        {
            var got = _c.Await(reader.GetAsync(Encoding.UTF8.GetBytes(k)));
            Assert.True(got is not null, $"acknowledged key {k} lost (seed {_c.Seed})");
            Assert.Equal(v, Encoding.UTF8.GetString(got));
        }
    }
}

using System.Globalization;

namespace Workbench.Testing.Processes;

/// <summary>
/// The crash-child pattern of the kill -9 tests: the child prints "ready", then "ack N" after each
/// durable write; the test kills it after some acks and reopens the data to check every
/// acknowledged write survived.
/// </summary>
public static class AckingCrashChild
{
    /// <summary>
    /// Runs <paramref name="dll"/> with <paramref name="arguments"/>, kills it (SIGKILL) after
    /// <paramref name="killAfter"/> acks and returns the highest batch acknowledged before death
    /// (<paramref name="first"/> - 1 when none). Lines already in the pipe at the kill count: they were
    /// printed, so acknowledged, before it.
    /// </summary>
    public static async Task<long> RunAndKill(string dll, IEnumerable<string> arguments, long first, int killAfter, TimeSpan lineTimeout)
    {
        using var child = ChildProcess.StartDll(dll, arguments);
        long acked = first - 1;
        var acks = 0;
        try
        {
            await child.WaitForReadyAsync("ready", lineTimeout);
            while (acks < killAfter)
            {
                var line = await child.ReadLineAsync(lineTimeout)
                    ?? throw new InvalidOperationException($"crash child exited early: {await child.KillAndReadErrorAsync(lineTimeout)}");
                acked = ParseAck(line);
                acks++;
            }
        }
        finally
        {
            await child.KillAsync(lineTimeout);
        }
        while (await child.ReadLineAsync(lineTimeout) is { } rest)
            if (rest.StartsWith("ack ", StringComparison.Ordinal)) acked = ParseAck(rest);
        return acked;
    }

    private static long ParseAck(string line)
    {
        Assert.StartsWith("ack ", line, StringComparison.Ordinal);
        return long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
    }
}

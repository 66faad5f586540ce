using Workbench.Testing.Golden;

namespace Workbench.Raft.Tests.Interaction;

/// <summary>
/// Raft interaction scripts (testdata/*.txt, run by <see cref="GoldenFile"/>; commands in
/// <see cref="InteractionEnv"/>): each file is one scenario whose every step's messages and state
/// are the expected output. Rewrite with WORKBENCH_REWRITE_GOLDEN=1 and review the diff.
/// </summary>
public class InteractionTests
{
    [Theory]
    [InlineData("election.txt")]
    [InlineData("append_and_commit.txt")]
    [InlineData("partitioned_leader.txt")]
    [InlineData("log_conflict.txt")]
    [InlineData("prevote_checkquorum.txt")]
    public void Script(string file)
    {
        var env = new InteractionEnv();
        GoldenFile.Run(file, env.Handle);
    }
}

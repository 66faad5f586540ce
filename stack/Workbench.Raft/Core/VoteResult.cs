namespace Workbench.Raft.Core;

internal enum VoteResult
{
    Pending,
    Lost,
    Won,
}

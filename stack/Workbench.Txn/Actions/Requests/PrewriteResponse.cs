namespace Workbench.Txn.Actions.Requests;

/// <summary>
/// Prewrite's answer. <see cref="MinCommitTs"/>: with async commit, the largest min_commit_ts of
/// the locks written (the transaction's commit_ts is the max over all its prewrites).
/// <see cref="OnePcCommitTs"/>: non-zero when the request was committed in one phase.
/// <see cref="MemoryLockedKeys"/>: encoded keys locked in the <see cref="ConcurrencyManager"/>; whoever
/// applies the writes must release them afterwards (<see cref="ConcurrencyManager.ReleaseKeys"/>).
/// </summary>
public sealed record PrewriteResponse(ulong MinCommitTs, ulong OnePcCommitTs, IReadOnlyList<byte[]> MemoryLockedKeys);

namespace Workbench.Raft.Core;

internal enum CampaignType
{
    PreElection,
    Election,
    /// <summary>Forced by TimeoutNow during leader transfer: skips pre-vote and the voters' lease check.</summary>
    Transfer,
}

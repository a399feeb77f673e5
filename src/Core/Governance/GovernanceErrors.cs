using Ballast.Core.Blocks;

namespace Ballast.Core.Governance;

/// <summary>Rejection codes of roles, parameters, pauses, multisig proposals and token votes.</summary>
public static class GovernanceErrors
{
    public static readonly ErrorCode MissingRole = new("MissingRole");
    public static readonly ErrorCode UnknownModule = new("UnknownModule");
    public static readonly ErrorCode UnknownParameter = new("UnknownParameter");
    public static readonly ErrorCode UnknownPreset = new("UnknownPreset");
    public static readonly ErrorCode InvalidParameterValue = new("InvalidParameterValue");
    public static readonly ErrorCode ParameterOutOfRange = new("ParameterOutOfRange");
    public static readonly ErrorCode InconsistentParameters = new("InconsistentParameters");
    public static readonly ErrorCode Paused = new("Paused");
    public static readonly ErrorCode NotPaused = new("NotPaused");
    public static readonly ErrorCode NotPausable = new("NotPausable");
    public static readonly ErrorCode UnknownMultisig = new("UnknownMultisig");
    public static readonly ErrorCode MultisigExists = new("MultisigExists");
    public static readonly ErrorCode InvalidMultisig = new("InvalidMultisig");
    public static readonly ErrorCode NotAMember = new("NotAMember");
    public static readonly ErrorCode UnknownProposal = new("UnknownProposal");
    public static readonly ErrorCode AlreadyApproved = new("AlreadyApproved");
    public static readonly ErrorCode ThresholdNotReached = new("ThresholdNotReached");
    public static readonly ErrorCode TimelockNotElapsed = new("TimelockNotElapsed");
    public static readonly ErrorCode ProposalExpired = new("ProposalExpired");
    public static readonly ErrorCode ProposalClosed = new("ProposalClosed");
    public static readonly ErrorCode ActionRejected = new("ActionRejected");
    public static readonly ErrorCode UnknownVotingBody = new("UnknownVotingBody");
    public static readonly ErrorCode VotingBodyExists = new("VotingBodyExists");
    public static readonly ErrorCode InvalidVotingBody = new("InvalidVotingBody");
    public static readonly ErrorCode VotingClosed = new("VotingClosed");
    public static readonly ErrorCode VotingOpen = new("VotingOpen");
    public static readonly ErrorCode QuorumNotReached = new("QuorumNotReached");
    public static readonly ErrorCode SupermajorityNotReached = new("SupermajorityNotReached");
    public static readonly ErrorCode NothingToWithdraw = new("NothingToWithdraw");
}

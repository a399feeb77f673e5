using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Cover.Claims;
using Ballast.Cover.Keepers;
using Ballast.Cover.Fund;
using Ballast.Cover.Handlers;

namespace Ballast.Cover;

/// <summary>
/// IDO cover (seed 003, AptosLaunch): a launchpad sells project tokens at an IDO price; buyers cover a share of their
/// allocation with the platform token, paid into the insurance fund; after the cover term the fund pays each cover's
/// shortfall of the window's average price below the IDO price, borrowing from the DAO treasury what it lacks, and
/// later premiums repay the DAO first. New cover halts while the fund's capital is below the minimum capital the
/// capital module records (<see cref="ICapitalRequirement"/>). docs/cover.md.
/// </summary>
public sealed class CoverModule(CoverParameters? parameters = null) : IModule
{
    public const string ModuleName = "cover";

    public string Name => ModuleName;

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new CoverState())
        .AddParameters(CoverParameters.CreateSet(parameters))
        .Handle<GenesisCoverConfig>("genesisConfig", Launchpad.Apply)
        .Handle<FundDao>("fundDao", Launchpad.Apply)
        .Handle<AddCapital>("addCapital", Launchpad.Apply)
        .Handle<ListProject>("listProject", Launchpad.Apply)
        .Handle<BuyAllocation>("buyAllocation", Launchpad.Apply)
        .Handle<BuyCover>("buyCover", Covers.Apply)
        .Handle<SetRiskAdjustment>("setRiskAdjustment", Launchpad.Apply)
        .Handle<Settle>("settle", Settlement.Apply)
        .Handle<RepayLoansFromFund>("repayLoansFromFund", Launchpad.Apply)
        .Handle<Stake>("stake", ClaimsAssessment.Apply)
        .Handle<Unstake>("unstake", ClaimsAssessment.Apply)
        .Handle<FileClaim>("fileClaim", ClaimsAssessment.Apply)
        .Handle<Assess>("assess", ClaimsAssessment.Apply)
        .Handle<CloseAssessment>("closeAssessment", ClaimsAssessment.Apply)
        .Handle<MemberVote>("memberVote", ClaimsAssessment.Apply)
        .Handle<CloseMemberVote>("closeMemberVote", ClaimsAssessment.Apply)
        .Handle<BurnStake>("burnStake", ClaimsAssessment.Apply)
        .Query<ProjectQuery, ProjectView?>("project", (view, q) =>
            view.State<CoverState>().Projects.TryGetValue(q.ProjectId, out var p) ? CoverQueries.Project(p) : null)
        .Query<ProjectsQuery, IReadOnlyList<ProjectView>>("projects", (view, _) => CoverQueries.Projects(view))
        .Query<CoverQuery, CoverView?>("cover", (view, q) =>
            view.State<CoverState>().Covers.TryGetValue(q.CoverId, out var c) ? CoverQueries.Cover(c) : null)
        .Query<CoversQuery, IReadOnlyList<CoverView>>("covers", CoverQueries.Covers)
        .Query<QuoteQuery, QuoteView>("quote", CoverQueries.Quote)
        .Query<FundQuery, FundView>("fund", (view, _) => CoverQueries.Fund(view))
        .Query<LoansQuery, IReadOnlyList<LoanView>>("loans", (view, _) => CoverQueries.Loans(view))
        .Query<ExposuresQuery, IReadOnlyList<ExposureView>>("exposures", (view, _) => CoverQueries.Exposures(view))
        .Query<CapitalRatioQuery, CapitalPosition>("capitalRatio", (view, _) => InsuranceFund.Position(view))
        .Query<ClaimQuery, ClaimView?>("claim", (view, q) =>
            view.State<CoverState>().Claims.TryGetValue(q.ClaimId, out var c) ? ClaimsAssessment.View(c) : null)
        .Query<ClaimsQuery, IReadOnlyList<ClaimView>>("claims", (view, q) =>
            [.. view.State<CoverState>().Claims.Select(kv => kv.Value).Where(c => q.CoverId is null || c.CoverId == q.CoverId).Select(ClaimsAssessment.View)])
        .Query<VotesQuery, IReadOnlyList<VoteView>>("votes", (view, q) =>
            view.State<CoverState>().Claims.TryGetValue(q.ClaimId, out var c) ? ClaimsAssessment.Votes(c) : [])
        .Query<StakerQuery, StakerView?>("staker", (view, q) =>
            view.State<CoverState>().Stakers.TryGetValue(q.Account ?? "", out var st) ? CoverQueries.Staker(st) : null)
        .Event<CoverConfigured>("configured")
        .Event<DaoFunded>("daoFunded")
        .Event<CapitalAdded>("capitalAdded")
        .Event<ProjectListed>("projectListed")
        .Event<AllocationBought>("allocationBought")
        .Event<CoverBought>("coverBought")
        .Event<RiskAdjusted>("riskAdjusted")
        .Event<ProjectSettled>("projectSettled")
        .Event<CoverSettled>("coverSettled")
        .Event<LoanTaken>("loanTaken")
        .Event<LoanRepaid>("loanRepaid")
        .Event<Staked>("staked")
        .Event<Unstaked>("unstaked")
        .Event<ClaimFiled>("claimFiled")
        .Event<Assessed>("assessed")
        .Event<AssessmentClosed>("assessmentClosed")
        .Event<AssessorRewarded>("assessorRewarded")
        .Event<LockExtended>("lockExtended")
        .Event<MemberVoted>("memberVoted")
        .Event<MemberVoteClosed>("memberVoteClosed")
        .Event<ClaimPaid>("claimPaid")
        .Event<ClaimDenied>("claimDenied")
        .Event<StakeBurned>("stakeBurned")
        .AddKeeper("settler", new CoverKeeper())
        .Require<ICapitalRequirement>()
        .OnBlockEnd(Settlement.Sample);
}

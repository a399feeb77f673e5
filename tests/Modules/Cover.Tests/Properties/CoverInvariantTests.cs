using System.Globalization;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Model;
using Ballast.Cover.Tests.Support;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Properties;

/// <summary>
/// Seeded random runs of the whole module — listings, allocations, covers, price walks down and up, settlements,
/// capital, DAO funding, claims, votes, closes and burns — checking after every block: every token conserved (the sum
/// over holders is minted less burned), the fund's base token is exactly what came in (capital and loans) less what it
/// paid (so it never paid more than it held plus the loan), the DAO holds what was funded less what it lent, no cover
/// was paid beyond its sum insured, and no loan was repaid beyond what it owed. Rejected transactions are verified to
/// leave no trace (VerifyRejections).
/// </summary>
public class CoverInvariantTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_runs_conserve_every_token_and_the_fund_pays_only_what_it_holds_plus_the_loan(int seed)
    {
        var rng = new Random(seed);
        var p = ShortTerm.Parameters(new CoverParameters
        {
            ProjectCapacityPpb = new(5_000_000_000), CoverCapacityPpb = new(2_000_000_000),
            AssessmentPeriodBlocks = 1_000, MemberVotePeriodBlocks = 1_000, VoteInactivityBlocks = 300, StakeLockBlocks = 2_000,
        });
        var w = Create(p, buyerTao: 5_000, buyerAlt: 5_000, seed: (ulong)seed);
        w.Requirement(10);
        Amount capitalIn = Tokens(3_000), daoIn = Amount.Zero;
        decimal projectPrice = 1m;
        w.Block(Post(AltFeed, "0.5"), Post(ProjectFeed, "1"), new AddCapital("TAO", capitalIn).From(Funder));
        string[] people = [.. Buyers, .. Assessors];

        for (int step = 0; step < 250; step++)
        {
            var txs = new List<Envelope>();
            projectPrice = Math.Clamp(projectPrice * (decimal)(0.75 + 0.5 * rng.NextDouble()), 0.05m, 2m);
            txs.Add(Post(AltFeed, (0.2 + rng.NextDouble()).ToString("0.000", CultureInfo.InvariantCulture)));
            txs.Add(Post(ProjectFeed, projectPrice.ToString("0.0000", CultureInfo.InvariantCulture)));
            int projects = w.State.Projects.Count;
            for (int k = 0; k < 4; k++)
            {
                long pid = projects == 0 ? 1 : rng.Next(10) < 7 ? projects : rng.NextInt64(1, projects + 1);
                string who = people[rng.Next(people.Length)];
                switch (rng.Next(13))
                {
                    case 0 when projects < 8 && (projects == 0 || w.State.Projects[projects].SaleEndBlock <= w.Height + 1):
                        txs.Add(Tx.List($"P{projects + 1}", (0.5 + rng.Next(10) / 10.0).ToString("0.0", CultureInfo.InvariantCulture), 50_000, w.Height + 1, w.Height + 1 + rng.Next(2_000, 6_000)));
                        break;
                    case 1: case 2: txs.Add(Tx.Buy(Buyers[rng.Next(Buyers.Length)], pid, rng.Next(1, 400))); break;
                    case 3: case 4: txs.Add(Tx.Cover(Buyers[rng.Next(Buyers.Length)], pid, rng.Next(1, 300))); break;
                    case 5:
                        var tao = Tokens(rng.Next(1, 2_000));
                        capitalIn += tao;
                        txs.Add(new AddCapital("TAO", tao).From(Funder));
                        break;
                    case 6:
                        var dao = Tokens(rng.Next(1, 500));
                        daoIn += dao;
                        txs.Add(new FundDao(dao).From(Funder));
                        break;
                    case 7: txs.Add(Tx.Settle(pid, who)); break;
                    case 8: txs.Add(new Stake(Tokens(rng.Next(100, 3_000))).From(Assessors[rng.Next(Assessors.Length)])); break;
                    case 9:
                        if (w.State.Covers.Count > 0)
                        {
                            long cid = rng.NextInt64(1, w.State.Covers.Count + 1);
                            txs.Add(new FileClaim(cid, Tokens(rng.Next(1, 300)), "oracle failed").From(w.State.Covers[cid].Owner));
                        }
                        break;
                    case 10:
                        if (w.State.Claims.Count > 0)
                        {
                            long id = rng.NextInt64(1, w.State.Claims.Count + 1);
                            txs.Add(rng.Next(2) == 0 ? new Assess(id, rng.Next(3) > 0).From(who) : new MemberVote(id, rng.Next(2) == 0).From(who));
                        }
                        break;
                    case 11:
                        if (w.State.Claims.Count > 0)
                        {
                            long id = rng.NextInt64(1, w.State.Claims.Count + 1);
                            txs.Add(rng.Next(2) == 0 ? new CloseAssessment(id).From(who) : new CloseMemberVote(id).From(who));
                        }
                        break;
                    case 12:
                        if (rng.Next(4) == 0) { txs.Add(new RepayLoansFromFund(Tokens(rng.Next(1, 300))).From(Dao)); break; }
                        txs.Add(rng.Next(5) == 0 ? new BurnStake(Assessors[rng.Next(Assessors.Length)], Tokens(rng.Next(1, 200))).From(Board) : new Unstake(Tokens(rng.Next(1, 500))).From(who));
                        break;
                }
            }
            var result = w.Engine.ExecuteBlock(txs);
            // Capital and DAO funding refused (short balance) did not come in.
            for (int i = 0; i < txs.Count; i++)
                if (!result.Results[i].Accepted)
                {
                    if (txs[i].Payload is AddCapital a) capitalIn -= a.Amount;
                    if (txs[i].Payload is FundDao f) daoIn -= f.Amount;
                }
            Check(w, capitalIn, daoIn);
            w.Engine.AdvanceBlocks(rng.Next(0, 400));
        }
        // The run exercised what it checks: covers written, settlements that paid, claims decided.
        w.State.Covers.Count.ShouldBeGreaterThan(10);
        w.State.Projects.Count(kv => kv.Value.Status == ProjectStatus.Settled).ShouldBeGreaterThan(0);
        w.State.PaidOut.ShouldBeGreaterThan(Amount.Zero);
        w.State.Claims.Count(kv => kv.Value.Status is ClaimStatus.Accepted or ClaimStatus.Denied).ShouldBeGreaterThan(0);
    }

    private static void Check(CoverWorld w, Amount capitalIn, Amount daoIn)
    {
        w.Engine.Ledger.CheckConservation().ShouldBeEmpty();
        var s = w.State;
        w.Balance("cover:fund", "TAO").ShouldBe(capitalIn + s.Lent - s.PaidOut - s.RepaidFromFund, "the fund's TAO is capital in + loans − paid − repaid");
        w.Balance("cover:dao", "TAO").ShouldBe(daoIn - s.Lent + s.RepaidFromFund);
        foreach (var (_, c) in s.Covers) (c.Payout + c.Unpaid).ShouldBeLessThanOrEqualTo(c.SumInsured);
        foreach (var (_, loan) in s.Loans)
            loan.Repaid.ShouldBeLessThanOrEqualTo(loan.Principal + loan.Principal.MulDiv((UInt128)(w.Height - loan.LentAt) * (UInt128)loan.RateBps, (UInt128)(365 * BlockClock.BlocksPerDay) * 10_000, Rounding.Up));
        Amount staked = Amount.Zero;
        foreach (var (_, st) in s.Stakers) staked += st.Staked;
        w.Balance("cover:stake", "ALT").ShouldBe(staked);
        Amount deposits = Amount.Zero;
        foreach (var (_, claim) in s.Claims) if (claim.Status is ClaimStatus.Assessing or ClaimStatus.MemberVote) deposits += claim.Deposit;
        w.Balance("cover:claims", "ALT").ShouldBe(deposits);
        InsuranceFund.Capital(w.View).ShouldBeLessThanOrEqualTo(w.Balance("cover:fund", "TAO") + X("1.3").MulAmount(w.Balance("cover:fund", "ALT"), Rounding.Up));
    }
}

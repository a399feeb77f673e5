using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>
/// Random opens (long/short, leverage up to L_max and beyond), closes, liquidation calls, lender deposits and
/// withdrawals, over random index paths with gaps and skipped posts. Engine A runs the sequence; engine B runs only what
/// A accepted. After every block: every token conserved, A and B in one state hash (a rejection changes nothing),
/// every loss paid by the pool or recorded against lenders, the vault's balance equal to its flows, and each close
/// paying margin + PnL − funding − fee (the funding a trader pays stays with the vault, its counterparty). Both engines
/// run with <c>VerifyRejections</c>, so a rejection that leaves any trace halts them at once.
/// </summary>
public class RandomTradingProperties
{
    private sealed record Op(int Kind, int Trader, int Lev, int Margin, int Pick, int Move);

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Choose(0, 9)
        from trader in Gen.Choose(0, 5)
        from lev in Gen.Choose(0, 5)
        from margin in Gen.Choose(1, 50)
        from pick in Gen.Choose(0, 20)
        from move in Gen.Choose(-300, 300)
        select new Op(kind, trader, lev, margin, pick, move);

    private static readonly Gen<List<Op[]>> Blocks = Gen.Choose(1, 4).SelectMany(n => OpGen.ArrayOf(n)).ListOf(25).Select(l => l.ToList());

    private static readonly string[] Leverages = ["1", "2.5", "10", "40", "41", "0.5"];

    private static (LihWorld World, List<Envelope> Setup) New()
    {
        // VerifyRejections: the engine re-hashes the whole state after every rejected transaction and halts if it left a trace.
        var w = Create(perps: new PerpsParameters { FundingIntervalBlocks = 5, TwapBlocks = 5 }, insurance: new InsuranceParameters { TargetReserveRao = 20_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000 },
            traderTao: 200, verifyRejections: true);
        var setup = new List<Envelope> { Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(500)).From(Lender), new FundTreasury(Tao(100)).From(Foundation) };
        w.RunOk([.. setup]);
        w.RunOk(Market("A", AlphaTao, "1000000000000", true));
        return (w, setup);
    }

    private static Envelope Resolve(LihWorld w, Op op, ref decimal price)
    {
        string trader = Traders[op.Trader];
        var ids = w.Perps.Positions.Keys.ToList();
        switch (op.Kind)
        {
            case 0: case 1: case 2:
                return new OpenPerp("A", op.Kind == 0 ? PerpSide.Short : PerpSide.Long, Tao(op.Margin / 10m), X(Leverages[op.Lev])).From(trader);
            case 3: case 4:
                if (ids.Count == 0) return new ClosePerp(999).From(trader);
                var id = ids[op.Pick % ids.Count];
                return new ClosePerp(id).From(op.Pick % 5 == 0 ? trader : w.Perps.Positions[id].Trader);
            case 5:
                return new LiquidatePerp(ids.Count == 0 ? 7 : ids[op.Pick % ids.Count]).From(trader);
            case 6:
                return new DepositPerpLiquidity(Tao(op.Margin)).From(op.Pick % 2 == 0 ? Lender : Lender2);
            case 7:
                return new WithdrawPerpLiquidity(Tao(op.Margin * 5)).From(op.Pick % 2 == 0 ? Lender : Lender2);
            default:
                // an index move of up to ±3% (±30% when Pick is 0, 4 or 5: a gap); Pick 1–3: no post this block (stale-free gap in posts)
                if (op.Pick is >= 1 and <= 3) return new PostPrice(AlphaTao, X("1")).From(Nobody); // refused: nobody is no feeder
                var pct = op.Pick is 0 or 4 or 5 ? op.Move / 1000m : op.Move / 10_000m;
                price = Math.Max(0.05m, Math.Round(price * (1 + pct), 6));
                return Post(AlphaTao, price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Random_trading_conserves_tokens_and_accounts_for_every_loss()
    {
        int liquidations = 0, paidByPool = 0, onLenders = 0, closes = 0, funding = 0;
        Prop.ForAll(Blocks.ToArbitrary(), blocks =>
        {
            var (a, _) = New();
            var (b, _) = New();
            decimal price = 1;
            var margins = new Dictionary<long, Amount>();
            Amount deposits = Amount.Zero, withdrawals = Amount.Zero, opens = Amount.Zero, closesPaid = Amount.Zero, liqOut = Amount.Zero, liqIn = Amount.Zero;
            deposits += Tao(500);
            foreach (var ops in blocks)
            {
                var txs = ops.Select(op => Resolve(a, op, ref price)).ToList();
                var unpaidBefore = a.Perps.UnpaidProfit;
                int first = a.Engine.Events.Count;
                var result = a.Engine.ExecuteBlock(txs);
                b.Engine.ExecuteBlock(txs.Where((_, i) => result.Results[i].Accepted).ToList());
                b.Engine.StateHash().ShouldBe(a.Engine.StateHash(), "a rejected transaction changed the state");
                a.Engine.Ledger.CheckConservation().ShouldBeEmpty();

                var events = a.Engine.Events.Records.Skip(first).Select(r => r.Event).ToList();
                foreach (var e in events)
                {
                    switch (e)
                    {
                        case PerpOpened o:
                            // one net position per account: an order on the same side adds its margin to the position's
                            margins[o.PositionId] = o.Added ? margins[o.PositionId] + o.Margin : o.Margin;
                            opens += o.Margin + o.Fee;
                            break;
                        case PerpClosed c:
                            closes++; if (!c.Funding.IsZero) funding++;
                            closesPaid += c.Paid;
                            // the closed part's margin: all of it, or the fraction an order on the other side closed (rounded down)
                            var partMargin = c.Fraction >= Fixed.One ? margins[c.PositionId] : c.Fraction.MulAmount(margins[c.PositionId], Rounding.Down);
                            margins[c.PositionId] -= partMargin;
                            // equity = margin + PnL − funding − fee; paid = equity less what the lenders could not pay
                            var equity = (Int128)partMargin.Units + (c.Profit ? 1 : -1) * (Int128)c.Pnl.Units
                                - (c.FundingPaid ? 1 : -1) * (Int128)c.Funding.Units - (Int128)c.Fee.Units;
                            equity.ShouldBeGreaterThanOrEqualTo(0);
                            ((Int128)c.Paid.Units).ShouldBeLessThanOrEqualTo(equity);
                            break;
                        case PerpLiquidated l:
                            liquidations++; if (!l.InsurancePaid.IsZero) paidByPool++; if (!l.LenderLoss.IsZero) onLenders++;
                            liqOut += l.Penalty + l.Returned; liqIn += l.InsurancePaid;
                            (l.InsurancePaid + l.LenderLoss).ShouldBe(l.Loss);
                            break;
                        case PerpLiquidityChanged lc:
                            if (lc.Deposit) deposits += lc.Amount; else withdrawals += lc.Amount;
                            break;
                    }
                }
                (a.Perps.UnpaidProfit >= unpaidBefore).ShouldBeTrue();
                // the vault holds exactly its flows: lenders' deposits − withdrawals + margins and fees − closes − liquidation returns + pool payouts
                a.Vault.ShouldBe(deposits + opens + liqIn - withdrawals - closesPaid - liqOut);
                // every loss: paid by the pool or recorded against lenders
                var covered = a.AllEvents<LossCovered>();
                var liquidated = a.AllEvents<PerpLiquidated>();
                Sum(covered.Select(c => c.Loss)).ShouldBe(Sum(covered.Select(c => c.Paid)) + Sum(covered.Select(c => c.Uncovered)));
                (a.Perps.InsurancePaid + a.Perps.LenderLosses).ShouldBe(Sum(liquidated.Select(l => l.Loss)));
                a.Perps.InsurancePaid.ShouldBe(Sum(covered.Select(c => c.Paid)));
                a.Perps.LenderLosses.ShouldBe(Sum(covered.Select(c => c.Uncovered)));
                a.Insurance.PaidOut.ShouldBe(a.Perps.InsurancePaid);
                // the reserve is the pool account's (unsigned) balance: it never goes below zero, and it is what flowed in less what was paid
                var pool = a.Insurance;
                (pool.Streamed + pool.Premiums + pool.EmissionTao + pool.ToppedUp + Sum(a.AllEvents<PerpLiquidated>().Select(l => l.Penalty)))
                    .ShouldBe(a.Reserve + pool.PaidOut);
                // open margins are all in the vault
                a.Perps.TotalMargin.ShouldBe(Sum(a.Perps.Positions.Values.Select(p => p.Margin)));
                // the block hook left no position below maintenance: its health index (the candidates it checks
                // exactly) never hides a liquidatable position
                var parameters = a.ReadView.Params<PerpsParameters>();
                foreach (var open in a.Perps.Positions.Values)
                {
                    var market = a.Perps.Markets[open.Market];
                    if (PerpsBook.Index(a.ReadView, market, out var index).Accepted)
                        PerpsBook.IsLiquidatable(market, open, parameters, index, out _).ShouldBeFalse($"block {a.Height}: position {open.Id} is below maintenance and was not liquidated");
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true));
        // the sequences reach what the properties are about
        closes.ShouldBeGreaterThan(0);
        liquidations.ShouldBeGreaterThan(0);
        paidByPool.ShouldBeGreaterThan(0);
        Console.WriteLine($"closes {closes} (with funding {funding}), liquidations {liquidations}, paid by the pool {paidByPool}, on lenders {onLenders}");
    }

    private static Amount Sum(IEnumerable<Amount> xs) => xs.Aggregate(Amount.Zero, (s, x) => s + x);
}

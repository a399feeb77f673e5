using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Pricing;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Properties;

/// <summary>
/// Random markets (seeded loops): random terms, random curve trades by managers, sybils and a hedger (many refused),
/// random book orders and trades after approval, a random outcome. After every block: every token conserved (the engine
/// checks it), the market account holds exactly its collateral and escrows, bond supplies equal the holders' sums.
/// At the end: V_in = V_out to the unit, every redemption paid and the market account empty; or, without approval, every
/// unit refunded. Rejections are verified to leave no trace (<c>VerifyRejections</c>).
/// </summary>
public class RandomMarketPropertyTests
{
    private static readonly string[] Traders = ["ann", "ben", "val", "dee", "sybil-1", "sybil-2", UwWorld.Hedger];

    [Fact]
    public void Random_markets_conserve_every_token_and_pay_out_exactly_what_comes_in()
    {
        int approved = 0, closed = 0, defaulted = 0;
        for (ulong seed = 1; seed <= 24; seed++)
        {
            var outcome = RunMarket(seed);
            if (outcome == "closed") closed++; else approved++;
            if (outcome == "defaulted") defaulted++;
        }
        // The generator reaches every branch.
        approved.ShouldBeGreaterThan(3);
        closed.ShouldBeGreaterThan(0);
        defaulted.ShouldBeGreaterThan(0);
        passiveSeen.ShouldBeGreaterThan(0);
    }

    private static int passiveSeen;

    private static Amount Rao(DeterministicRandom r, decimal maxTao) => new(1 + r.NextBelow((ulong)(maxTao * Amount.UnitsPerToken)));

    private static string RunMarket(ulong seed)
    {
        var r = new DeterministicRandom(seed * 7_919);
        var w = new UwWorld(new UnderwritingParameters { AssessmentBlocks = 300 }, seed: seed); // a short deadline: closing needs no 50,400 empty blocks
        long vault = w.StandardVault();
        w.RunOk(new Deposit(vault, Tao.Of(300)), UwWorld.Hedger);
        w.RunOk(new LockVt(vault, Tao.Of(200)), UwWorld.Hedger);
        var principal = Tao.Of(50) + Rao(r, 100);
        var interest = principal.MulDiv((UInt128)r.NextBelow(51), 100u, Rounding.Down);
        long id = w.State.NextInstrumentId;
        w.RunOk(new ProposeCreditLine(vault, principal, interest, 500, 50), UwWorld.Borrower);
        var start = Traders.Append(UwWorld.Borrower).ToDictionary(a => a, w.Tao);
        var idleStart = w.Vault(vault).Idle;
        bool wantApproval = r.NextBelow(5) != 0;

        // Assessment.
        for (int step = 0; step < 14; step++)
        {
            string who = Traders[(int)r.NextBelow((ulong)Traders.Length)];
            ITransaction tx = r.NextBelow(5) switch
            {
                0 or 1 => new BuyLong(id, Rao(r, 25), r.NextBelow(3) == 0 ? Fixed.FromInt(1 + (long)r.NextBelow(3)) : null),
                2 => new SellLong(id, w.Holding(id, who) is { } h && !h.Long.IsZero ? new Amount(1 + r.NextBelow((ulong)h.Long.Units)) : Tao.Of(1)),
                3 => new SellShort(id, w.Holding(id, who) is { } hs && !hs.Short.IsZero ? new Amount(1 + r.NextBelow((ulong)hs.Short.Units)) : Tao.Of(1)),
                _ => new BuyShort(id, Rao(r, 8)),
            };
            w.Run(tx, who);
            w.AssertBooks(id);
        }
        var inst = w.Instrument(id);
        if (!(wantApproval && inst.CanBeApproved))
        {
            w.AdvanceTo(inst.AssessmentDeadline + 1);
            w.RunOk(new CloseUnapproved(id), "lp-1");
            foreach (var (a, tao) in start) w.Tao(a).ShouldBe(tao, $"seed {seed}: {a} not refunded exactly");
            w.Vault(vault).Idle.ShouldBe(idleStart);
            w.Vault(vault).Lent.ShouldBe(Amount.Zero);
            w.AssertBooks(id);
            return "closed";
        }

        // Approval: the vault pays the principal and the validators' discounts, nothing more.
        w.RunOk(new DrawValidators(id), "lp-2");
        foreach (var v in w.Instrument(id).Validators.Keys)
        {
            var before = w.Vault(vault);
            w.RunOk(new ApproveInstrument(id, Tao.Of(1) + Rao(r, 3)), v);
            var after = w.Vault(vault);
            var funded = w.Instrument(id).Phase == MarketPhase.Approved ? principal : Amount.Zero;
            (before.Idle - after.Idle).ShouldBe(funded + (after.Discounts - before.Discounts));
        }
        w.Instrument(id).Balance.ShouldBe(principal);
        w.RunOk(new Drawdown(id), UwWorld.Borrower);

        // The post-assessment book.
        for (int step = 0; step < 24; step++)
        {
            string who = Traders[(int)r.NextBelow((ulong)Traders.Length)];
            int tick = 1 + (int)r.NextBelow(99);
            ITransaction tx = r.NextBelow(3) switch
            {
                0 => new PlaceOrder(id, (OrderSide)r.NextBelow(4), tick, Rao(r, 10), Passive: r.NextBelow(2) == 0),
                1 => new Trade(id, (TradeSide)r.NextBelow(4), Rao(r, 12), tick),
                _ => new CancelOrder(id, 1 + (long)r.NextBelow((ulong)w.State.Instruments[id].NextOrderId)),
            };
            w.Run(tx, who);
            w.AssertBooks(id);
        }
        var book = w.Engine.Query<BookQuery, BookView?>(new BookQuery(id))!;
        foreach (var level in book.Levels) (level.LongPrice + level.ShortPrice).ShouldBe(Fixed.One);
        if (w.State.Instruments[id].Orders.Values.Any(o => o.Passive)) passiveSeen++;

        // A random outcome, from nothing repaid to half again what is owed.
        var expected = principal + interest;
        var repaid = expected.MulDiv((UInt128)r.NextBelow(151), 100u, Rounding.Down);
        repaid = Amount.Min(repaid, w.Tao(UwWorld.Borrower));
        if (!repaid.IsZero) w.RunOk(new Repay(id, repaid), UwWorld.Borrower);
        w.AdvanceTo(w.Instrument(id).MaturityBlock + 50);
        w.RunOk(new Resolve(id), "lp-1");
        inst = w.Instrument(id);
        (inst.RedemptionReserve + inst.VaultShare).ShouldBe(inst.ValueIn);
        var price = RedemptionPrice.Compute(inst.LongSupply.Units, inst.ShortSupply.Units, expected.Units, inst.Realized.Units);
        inst.Dust.ShouldBe(price.Payout(inst.LongSupply, inst.ShortSupply) - inst.RedemptionReserve);
        inst.Dust.Units.ShouldBeLessThanOrEqualTo((UInt128)(2 * w.State.Instruments[id].Holders.Count));
        w.AssertBooks(id);
        foreach (var account in w.State.Instruments[id].Holders.Keys.ToList())
        {
            var h = w.Holding(id, account)!;
            if (h.Long.IsZero && h.Short.IsZero && h.Debt.IsZero) continue;
            var before = w.Tao(account);
            w.RunOk(new Redeem(id), account);
            (w.Tao(account) - before).ShouldBe(price.Payout(h.Long, h.Short).SaturatingSub(h.Debt));
        }
        w.Instrument(id).RedemptionReserve.ShouldBe(Amount.Zero);
        w.Balance(w.State.Instruments[id].MarketAccount, "TAO").ShouldBe(Amount.Zero);
        w.Vault(vault).Deployed.ShouldBe(Amount.Zero);
        w.Vault(vault).Lent.ShouldBe(Amount.Zero);
        return inst.Realized < expected ? "defaulted" : "repaid";
    }
}

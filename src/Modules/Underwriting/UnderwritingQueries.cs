using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Underwriting.Handlers;
using Ballast.Underwriting.Model;
using Ballast.Underwriting.Pricing;

namespace Ballast.Underwriting;

/// <summary><c>underwriting.vault</c>: one vault.</summary>
public sealed record VaultQuery(long VaultId) : IQuery<VaultView?>;
/// <summary><c>underwriting.vaults</c>: every vault.</summary>
public sealed record VaultsQuery : IQuery<IReadOnlyList<VaultView>>;
/// <summary><c>underwriting.instrument</c>: one instrument and its market.</summary>
public sealed record InstrumentQuery(long InstrumentId) : IQuery<InstrumentView?>;
/// <summary><c>underwriting.instruments</c>: every instrument (of one vault when <paramref name="VaultId"/> is given).</summary>
public sealed record InstrumentsQuery(long? VaultId = null) : IQuery<IReadOnlyList<InstrumentView>>;
/// <summary><c>underwriting.holding</c>: an account's position in an instrument's market.</summary>
public sealed record HoldingQuery(long InstrumentId, string Account) : IQuery<HoldingView?>;
/// <summary><c>underwriting.manager</c>: a manager's reputation, budget and leverage limit.</summary>
public sealed record ManagerQuery(string Account) : IQuery<ManagerView?>;
/// <summary><c>underwriting.managers</c>: every manager.</summary>
public sealed record ManagersQuery : IQuery<IReadOnlyList<ManagerView>>;
/// <summary><c>underwriting.impliedTerms</c>: §7.1.6's market-implied principal P̂ and return rate Î.</summary>
public sealed record ImpliedTermsQuery(long InstrumentId) : IQuery<ImpliedTermsView?>;
/// <summary><c>underwriting.book</c>: the post-assessment market's resting orders by tick.</summary>
public sealed record BookQuery(long InstrumentId) : IQuery<BookView?>;
/// <summary><c>underwriting.quote</c>: what <paramref name="Collateral"/> buys on the assessment curve now (bonds, cost, price after).</summary>
public sealed record QuoteQuery(long InstrumentId, Amount Collateral) : IQuery<QuoteView?>;

/// <summary>
/// A vault: its asset and VT, mandate, idle/deployed/lent assets, VT supply and share value (asset per VT), totals of
/// dust, fees and validator discounts, and each holder's free locked VT.
/// </summary>
public sealed record VaultView(long VaultId, string Asset, string VtToken, VaultMandate Mandate, Amount Idle, Amount Deployed, Amount Lent, Amount Assets, Amount VtSupply, Fixed ShareValue, Amount Dust, Amount Fees, Amount Discounts, IReadOnlyDictionary<string, Amount> Locked);

/// <summary>
/// An instrument and its market: terms, phase, the curve (start price b, slope a, price now), supplies, collateral,
/// whether it can be approved (and the threshold and cap), validators, the instrument's balance (the maturity oracle),
/// and after resolution ω, 1 − ω and the V_in = V_out accounting.
/// </summary>
public sealed record InstrumentView(
    long InstrumentId, long VaultId, InstrumentKind Kind, string Utilizer, Amount Principal, Amount Return, long DurationBlocks, long GraceBlocks, int Netuid,
    MarketPhase Phase, long AssessmentDeadline, long ApprovedAt, long MaturityBlock,
    Fixed StartPrice, Fixed Slope, Fixed Price, Amount NetLong, Amount LongSupply, Amount ShortSupply, Amount Collateral, Amount OrderEscrow,
    bool CanBeApproved, Amount ApprovalNetLong, Amount NetLongCap, IReadOnlyDictionary<string, ValidatorSeat> Validators,
    Amount Balance, Amount AssetHeld, bool PrincipalDrawn, int LastTick,
    Amount Realized, Fixed Omega, Fixed ShortOmega, Amount ValueIn, Amount Redemptions, Amount RedemptionReserve, Amount VaultShare, Amount Dust);

/// <summary>An account's position: bonds, what it paid and got back on the curve, its loan, its assessment purchase, and what it redeems for once resolved.</summary>
public sealed record HoldingView(long InstrumentId, string Account, Amount Long, Amount Short, Amount Paid, Amount Received, Amount Debt, Amount AssessmentBonds, Amount AssessmentCost, Amount Budget, bool Redeemed, Amount? RedemptionValue);

/// <summary>A manager: reputation score, budget per instrument, leverage limit (before a vault's mandate), instruments scored and mean Brier score.</summary>
public sealed record ManagerView(string Account, Fixed Score, Amount Budget, Fixed LeverageLimit, bool Reputable, int Scored, Fixed MeanBrier);

/// <summary>§7.1.6 for an instrument: ĉ = constant·net long, P̂ = ∫₀^ĉ p, Î = (ĉ − P̂)/ĉ, beside the proposed P and I/P.</summary>
public sealed record ImpliedTermsView(long InstrumentId, Amount ImpliedSupply, Amount ImpliedPrincipal, Fixed ImpliedReturnRate, Amount ProposedPrincipal, Fixed ProposedReturnRate);

/// <summary>One price level: tick k, the long price k/T and the short price (T − k)/T (summing to 1), resting bonds per side.</summary>
public sealed record BookLevel(int Tick, Fixed LongPrice, Fixed ShortPrice, Amount BuyLongBonds, Amount BuyShortBonds, Amount SellLongBonds, Amount SellShortBonds);

/// <summary>The book of an instrument: T, the last traded tick and the levels with resting orders.</summary>
public sealed record BookView(long InstrumentId, int TickCount, int LastTick, IReadOnlyList<BookLevel> Levels);

/// <summary>A curve quote: bonds the collateral buys now, their exact cost (≤ the collateral), and the price after.</summary>
public sealed record QuoteView(long InstrumentId, Amount Bonds, Amount Cost, Fixed PriceAfter);

/// <summary>The module's state as <c>exec</c> prints it.</summary>
public sealed record UnderwritingSummary(IReadOnlyList<VaultView> Vaults, IReadOnlyList<InstrumentView> Instruments, IReadOnlyList<ManagerView> Managers);

internal static class UnderwritingQueries
{
    public static UnderwritingSummary Summary(EngineView view) => new(Vaults(view), Instruments(view, null), Managers(view));

    public static IReadOnlyList<VaultView> Vaults(EngineView view) =>
        view.State<UnderwritingState>().Vaults.Values.Select(v => Vault(view, v)).ToList();

    public static VaultView? Vault(EngineView view, long id) =>
        view.State<UnderwritingState>().Vaults.TryGetValue(id, out var v) ? Vault(view, v) : null;

    private static VaultView Vault(EngineView view, Vault v)
    {
        var supply = Lookups.VtSupply(view, v);
        var assets = Lookups.Assets(view, v);
        var share = supply.IsZero ? Fixed.One : Fixed.Ratio(assets, supply, Rounding.Down);
        return new VaultView(v.Id, v.Asset, v.VtToken, v.Mandate, Lookups.Idle(view, v), v.Deployed, v.Lent, assets, supply, share, v.Dust, v.Fees, v.Discounts,
            v.Locked.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
    }

    public static IReadOnlyList<InstrumentView> Instruments(EngineView view, long? vaultId) =>
        view.State<UnderwritingState>().Instruments.Values.Where(i => vaultId is null || i.VaultId == vaultId).Select(i => Instrument(view, i)).ToList();

    public static InstrumentView? Instrument(EngineView view, long id) =>
        view.State<UnderwritingState>().Instruments.TryGetValue(id, out var i) ? Instrument(view, i) : null;

    private static InstrumentView Instrument(EngineView view, Instrument i)
    {
        Lookups.TryVault(view, i.VaultId, out var vault);
        var curve = i.Curve;
        bool resolved = i.Phase == MarketPhase.Resolved;
        var price = resolved ? i.Redemption : default;
        return new InstrumentView(
            i.Id, i.VaultId, i.Kind, i.Utilizer, i.Principal, i.Return, i.DurationBlocks, i.GraceBlocks, i.Netuid,
            i.Phase, i.AssessmentDeadline, i.ApprovedAt, i.MaturityBlock,
            curve.StartPrice, curve.Slope, curve.PriceAt(i.NetLong <= new Amount(curve.Capacity) ? i.NetLong.Units : curve.Capacity, Rounding.Down),
            i.NetLong, i.LongSupply, i.ShortSupply, i.Collateral, i.OrderEscrow,
            Lookups.CanBeApproved(vault, i), Lookups.ApprovalNetLong(vault, i), Lookups.NetLongCap(vault, i),
            i.Validators.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Lookups.Balance(view, i.Account, Lookups.Asset(view, vault)), i.AssetHeld, i.PrincipalDrawn, i.LastTick,
            i.Realized, resolved ? price.Omega : Fixed.Zero, resolved ? price.ShortOmega : Fixed.Zero,
            resolved ? i.Realized + i.Collateral : Amount.Zero, i.Redemptions, i.RedemptionReserve, i.VaultShare, i.Dust);
    }

    public static HoldingView? Holding(EngineView view, HoldingQuery q)
    {
        if (!view.State<UnderwritingState>().Instruments.TryGetValue(q.InstrumentId, out var i) || !i.Holders.TryGetValue(q.Account, out var h)) return null;
        Amount? value = i.Phase == MarketPhase.Resolved && !h.Redeemed ? i.Redemption.Payout(h.Long, h.Short) : null;
        return new HoldingView(i.Id, q.Account, h.Long, h.Short, h.Paid, h.Received, h.Debt, h.AssessmentBonds, h.AssessmentCost, h.Budget, h.Redeemed, value);
    }

    public static IReadOnlyList<ManagerView> Managers(EngineView view) =>
        view.State<UnderwritingState>().Managers.Select(m => Manager(view, m.Key, m.Value)).ToList();

    public static ManagerView? Manager(EngineView view, string account) =>
        view.State<UnderwritingState>().Managers.TryGetValue(account, out var m) ? Manager(view, account, m) : null;

    private static ManagerView Manager(EngineView view, string account, ManagerRecord m)
    {
        var p = view.Params<UnderwritingParameters>();
        var limit = Fixed.One + p.LeveragePerScore.Mul(m.Score, Rounding.Down);
        return new ManagerView(account, m.Score, Lookups.Budget(p, m.Score), limit, m.Score >= p.ReputableScoreMin, m.Scored,
            m.Scored == 0 ? Fixed.Zero : m.BrierSum.DivInt(m.Scored, Rounding.Down));
    }

    public static ImpliedTermsView? Implied(EngineView view, long id)
    {
        if (!view.State<UnderwritingState>().Instruments.TryGetValue(id, out var i)) return null;
        var p = view.Params<UnderwritingParameters>();
        var chat = p.ImpliedSupplyPerNetLong.MulAmount(i.NetLong, Rounding.Down);
        var (principal, rate) = i.Curve.Implied(chat.Units);
        var capped = chat.Units > i.Curve.Capacity ? new Amount(i.Curve.Capacity) : chat;
        return new ImpliedTermsView(i.Id, capped, new Amount(principal), rate, i.Principal, Fixed.Ratio(i.Return, i.Principal, Rounding.Down));
    }

    public static BookView? Book(EngineView view, long id)
    {
        if (!view.State<UnderwritingState>().Instruments.TryGetValue(id, out var i)) return null;
        int ticks = view.Params<UnderwritingParameters>().TickCount;
        var levels = i.Orders.Values
            .GroupBy(o => o.Tick)
            .OrderBy(g => g.Key)
            .Select(g => new BookLevel(g.Key, Ticks.LongPrice(g.Key, ticks), Ticks.ShortPrice(g.Key, ticks),
                Sum(g.Where(o => o.Side == OrderSide.BuyLong)), Sum(g.Where(o => o.Side == OrderSide.BuyShort)),
                Sum(g.Where(o => o.Side == OrderSide.SellLong)), Sum(g.Where(o => o.Side == OrderSide.SellShort))))
            .ToList();
        return new BookView(i.Id, ticks, i.LastTick, levels);
    }

    public static QuoteView? Quote(EngineView view, QuoteQuery q)
    {
        if (!view.State<UnderwritingState>().Instruments.TryGetValue(q.InstrumentId, out var i)) return null;
        var curve = i.Curve;
        var bonds = curve.BondsFor(i.NetLong.Units, q.Collateral.Units);
        var cost = curve.CostToBuy(i.NetLong.Units, bonds);
        return new QuoteView(i.Id, new Amount(bonds), new Amount(cost), curve.PriceAt(i.NetLong.Units + bonds, Rounding.Down));
    }

    private static Amount Sum(IEnumerable<Order> orders)
    {
        var s = Amount.Zero;
        foreach (var o in orders) s += o.Bonds;
        return s;
    }
}

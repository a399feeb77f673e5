using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets;

/// <summary>Query <c>subnets.subnet</c>: one subnet's market (null for an unknown netuid).</summary>
public sealed record SubnetQuery(int Netuid) : IQuery<SubnetView?>;

/// <summary>Query <c>subnets.quote</c>: what selling <paramref name="AmountIn"/> into the subnet's pool would return now.</summary>
public sealed record QuoteQuery(int Netuid, SwapDirection Direction, Amount AmountIn) : IQuery<QuoteView>;

/// <summary>Query <c>subnets.stake</c>: what <paramref name="Coldkey"/> has staked to <paramref name="Hotkey"/> on the subnet (zero if nothing).</summary>
public sealed record StakeQuery(int Netuid, string Hotkey, string Coldkey) : IQuery<StakeView>;

/// <summary>Query <c>subnets.summary</c>: the network's emission and every subnet (the module's state view).</summary>
public sealed record SubnetsSummaryQuery : IQuery<SubnetsView>;

/// <summary>The network-wide emission and every subnet, by netuid.</summary>
/// <param name="BlockEmissionTao">TAO emitted per block at the last block (halving schedule).</param>
/// <param name="TotalTaoEmitted">TAO injected into pools since genesis.</param>
public sealed record SubnetsView(Amount BlockEmissionTao, Amount TotalTaoEmitted, ImmutableArray<SubnetView> Subnets);

/// <summary>One subnet's market as people and programs see it.</summary>
/// <param name="MinerRecipient">Account the miners' alpha goes to (<c>subnet:N:miners</c> unless the owner named another).</param>
/// <param name="AlphaToken">Symbol of the subnet's alpha token (<c>SN4</c>).</param>
/// <param name="Price">Spot price of one alpha in TAO, rounded down.</param>
/// <param name="EmaPrice">Moving average of min(price, 1): the subnet's emission weight.</param>
/// <param name="TaoWeight">Weight of TAO in the pool (½ for constant product); alpha's is 1 − this.</param>
/// <param name="MinerBurn">Share of the subnet's emission weight withheld.</param>
/// <param name="AlphaIssuance">Alpha in existence (minted − burned).</param>
/// <param name="Stakes">Hotkeys with stake, by name.</param>
public sealed record SubnetView(
    int Netuid,
    string Owner,
    string MinerRecipient,
    string AlphaToken,
    PoolKind Pool,
    Amount TaoReserve,
    Amount AlphaReserve,
    Fixed Price,
    Fixed EmaPrice,
    Fixed TaoWeight,
    Bps MinerBurn,
    long RegisteredAt,
    Amount AlphaIssuance,
    SubnetEmissionView Emission,
    ImmutableArray<HotkeyStakeView> Stakes);

/// <summary>A subnet's emission: the last block's, the diversion, and the totals since registration.</summary>
public sealed record SubnetEmissionView(EmissionBlockView LastBlock, DiversionView Diverted, EmissionTotalsView Total);

/// <summary>The last block's emission into the subnet: TAO and alpha injected into the pool, alpha emitted to participants.</summary>
public sealed record EmissionBlockView(Amount TaoIn, Amount AlphaIn, Amount AlphaOut);

/// <summary>Emission diverted before the owner/staker/miner split (an emission-funded insurance pool).</summary>
/// <param name="Share">Share of alpha_out diverted.</param>
/// <param name="To">Account it goes to (null while nothing is diverted).</param>
/// <param name="Total">Alpha diverted since registration.</param>
/// <param name="LastBlock">Alpha diverted at the last block.</param>
public sealed record DiversionView(Ppb Share, string? To, Amount Total, Amount LastBlock);

/// <summary>Emission totals since registration.</summary>
public sealed record EmissionTotalsView(Amount TaoIn, Amount AlphaIn, Amount AlphaToOwner, Amount AlphaToMiners, Amount AlphaToStakers);

/// <summary>Alpha staked to one hotkey, and what each delegating coldkey's shares are worth (rounded down).</summary>
public sealed record HotkeyStakeView(string Hotkey, Amount TotalAlpha, ImmutableSortedDictionary<string, Amount> Delegators);

/// <summary>A swap quote: exact (a swap now returns precisely <paramref name="AmountOut"/>), or refused with the code the swap would get.</summary>
/// <param name="Fee">Swap fee, in the input token (taken from <paramref name="AmountIn"/>).</param>
/// <param name="PriceAfter">Spot price after the swap (zero when refused).</param>
/// <param name="Error">The rejection code a swap of this size would get now, or null.</param>
public sealed record QuoteView(int Netuid, SwapDirection Direction, Amount AmountIn, Amount AmountOut, Amount Fee, Fixed PriceAfter, string? Error, string? Message);

/// <summary>A coldkey's stake with one hotkey on one subnet: its shares, their worth, and the hotkey's totals.</summary>
public sealed record StakeView(int Netuid, string Hotkey, string Coldkey, Amount Alpha, UInt128 Shares, Amount HotkeyTotalAlpha, UInt128 HotkeyTotalShares);

/// <summary>The subnets module's queries, on the read-only view.</summary>
internal static class SubnetQueries
{
    public static SubnetView? Subnet(EngineView view, SubnetQuery q) =>
        view.State<SubnetState>().Subnets.TryGetValue(q.Netuid, out var subnet) ? ViewOf(view, subnet) : null;

    public static SubnetsView Summary(EngineView view, SubnetsSummaryQuery _)
    {
        var state = view.State<SubnetState>();
        var subnets = ImmutableArray.CreateBuilder<SubnetView>(state.Subnets.Count);
        foreach (var subnet in state.Subnets.Values) subnets.Add(ViewOf(view, subnet));
        return new SubnetsView(state.LastBlockEmission, state.TotalTaoEmitted, subnets.MoveToImmutable());
    }

    public static QuoteView Quote(EngineView view, QuoteQuery q)
    {
        var r = SubnetMarket.Quote(view, q.Netuid, q.Direction, q.AmountIn, out var amountOut, out var fee, out var priceAfter);
        return r.Accepted
            ? new QuoteView(q.Netuid, q.Direction, q.AmountIn, amountOut, fee, priceAfter, null, null)
            : new QuoteView(q.Netuid, q.Direction, q.AmountIn, Amount.Zero, Amount.Zero, Fixed.Zero, r.Error?.Name, r.Message);
    }

    public static StakeView Stake(EngineView view, StakeQuery q)
    {
        string hotkey = q.Hotkey ?? "", coldkey = q.Coldkey ?? "";
        if (view.State<SubnetState>().Subnets.TryGetValue(q.Netuid, out var subnet) && subnet.Stakes.TryGetValue(hotkey, out var stake))
            return new StakeView(q.Netuid, hotkey, coldkey, stake.AlphaOf(coldkey), stake.SharesByColdkey.GetValueOrDefault(coldkey), stake.TotalAlpha, stake.TotalShares);
        return new StakeView(q.Netuid, hotkey, coldkey, Amount.Zero, UInt128.Zero, Amount.Zero, UInt128.Zero);
    }

    /// <summary>A subnet with its reserves and price (from the ledger) and its issuance.</summary>
    public static SubnetView ViewOf(EngineView view, Subnet s)
    {
        var ledger = view.Ledger;
        var (tao, alpha) = SubnetMarket.Reserves(view, s);
        var stakes = ImmutableArray.CreateBuilder<HotkeyStakeView>(s.Stakes.Count);
        foreach (var h in s.Stakes.Values)
        {
            var delegators = ImmutableSortedDictionary.CreateBuilder<string, Amount>(StringComparer.Ordinal);
            foreach (var coldkey in h.SharesByColdkey.Keys) delegators.Add(coldkey, h.AlphaOf(coldkey));
            stakes.Add(new HotkeyStakeView(h.Hotkey, h.TotalAlpha, delegators.ToImmutable()));
        }
        return new SubnetView(
            s.Netuid,
            s.Owner,
            ledger.Account(s.MinerAccount).Name,
            s.AlphaSymbol,
            s.Kind,
            tao,
            alpha,
            PoolMath.SpotPrice(tao, alpha, s.TaoWeight, s.AlphaWeight, Rounding.Down),
            s.EmaPrice,
            s.TaoWeight,
            s.MinerBurn,
            s.RegisteredAt,
            ledger.Supply(s.AlphaToken),
            new SubnetEmissionView(
                new EmissionBlockView(s.LastTaoIn, s.LastAlphaIn, s.LastAlphaOut),
                new DiversionView(s.Diversion, s.DiversionAccount is { } d ? ledger.Account(d).Name : null, s.AlphaDiverted, s.LastAlphaDiverted),
                new EmissionTotalsView(s.TaoInjected, s.AlphaInjected, s.AlphaToOwner, s.AlphaToMiners, s.AlphaToStakers)),
            stakes.MoveToImmutable());
    }
}

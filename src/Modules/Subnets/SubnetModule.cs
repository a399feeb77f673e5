using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Subnets.Emission;
using Ballast.Subnets.Pools;
using Ballast.Subnets.Staking;

namespace Ballast.Subnets;

/// <summary>
/// Dynamic-TAO subnet markets: per subnet a TAO/alpha pool (constant product or weighted), swaps with slippage
/// limits, alpha staking to hotkeys, and the per-block emission (<see cref="Coinbase"/>). Other modules use the
/// <see cref="ISubnetMarkets"/> port; people and programs the <c>subnets.*</c> queries.
/// </summary>
public sealed class SubnetModule(SubnetParameters? parameters = null) : IModule
{
    public const int MaxNetuid = 65_535;

    public string Name => "subnets";

    public void Configure(ModuleBuilder builder) => builder
        .AddState(new SubnetState())
        .AddParameters(ParameterSet<SubnetParameters>.Declared("subnets", parameters))
        .Handle<RegisterSubnet>("register", Apply)
        .Handle<Swap>("swap", Apply)
        .Handle<Stake>("stake", Apply)
        .Handle<Unstake>("unstake", Apply)
        .Handle<SwapToPrice>("swapToPrice", Apply)
        .Handle<SetMinerRecipient>("setMinerRecipient", Apply)
        .Query<SubnetQuery, SubnetView?>("subnet", SubnetQueries.Subnet)
        .Query<QuoteQuery, QuoteView>("quote", SubnetQueries.Quote)
        .Query<StakeQuery, StakeView>("stake", SubnetQueries.Stake)
        .Query<SubnetsSummaryQuery, SubnetsView>("summary", SubnetQueries.Summary)
        .Event<SubnetRegistered>("registered")
        .Event<Swapped>("swapped")
        .Event<Staked>("staked")
        .Event<Unstaked>("unstaked")
        .Event<MinerRecipientSet>("minerRecipientSet")
        .Provide<ISubnetMarkets>(new SubnetMarketsPort())
        .OnBlockEnd(Coinbase.Run);

    /// <summary>Symbol of subnet N's alpha token.</summary>
    public static string AlphaSymbol(int netuid) => $"SN{netuid}";

    private static TxResult Apply(EngineContext ctx, RegisterSubnet tx)
    {
        var r = ctx.RequireNotPaused("subnets", "register");
        if (!r.Accepted) return r;
        var state = ctx.State<SubnetState>();
        if (tx.Netuid is < 1 or > MaxNetuid)
            return TxResult.Reject(SubnetErrors.InvalidNetuid, $"a netuid is 1–{MaxNetuid} (0 is the root network); got {tx.Netuid}");
        if (state.Subnets.ContainsKey(tx.Netuid))
            return TxResult.Reject(SubnetErrors.SubnetExists, $"subnet {tx.Netuid} is registered");
        r = EngineContext.CheckAmount(tx.TaoReserve, "TAO reserve");
        if (!r.Accepted) return r;
        var minimum = new Amount((UInt128)ctx.Params<SubnetParameters>().MinRegistrationTaoRao);
        if (tx.TaoReserve < minimum)
            return TxResult.Reject(SubnetErrors.ReserveTooSmall, $"a subnet's pool starts with at least {minimum} rao of TAO; got {tx.TaoReserve}");
        if (!tx.Price.IsPositive || tx.Price > Fixed.FromInt(1_000_000))
            return TxResult.Reject(SubnetErrors.InvalidPrice, $"an opening price is in (0, 1000000] TAO per alpha; got {tx.Price}");
        if (tx.MinerBurnBps is < 0 or > 10_000)
            return TxResult.Reject(SubnetErrors.InvalidPoolWeight, $"miner burn is 0–10000 bps; got {tx.MinerBurnBps}");
        // A script may write an enum as its number: one outside the enum is refused, never read as another kind.
        if (tx.Pool is not (PoolKind.ConstantProduct or PoolKind.Weighted))
            return TxResult.Reject(SubnetErrors.InvalidPoolKind, $"a pool is constantProduct or weighted; got {(int)tx.Pool}");
        var taoWeight = tx.Pool == PoolKind.ConstantProduct ? Fixed.Parse("0.5") : tx.TaoWeight ?? Fixed.Parse("0.5");
        if (tx.Pool == PoolKind.ConstantProduct && tx.TaoWeight is { } w && w != Fixed.Parse("0.5"))
            return TxResult.Reject(SubnetErrors.InvalidPoolWeight, "a constant-product pool has equal weights; use \"pool\": \"weighted\" for others");
        if (taoWeight < Fixed.Parse("0.01") || taoWeight > Fixed.Parse("0.99"))
            return TxResult.Reject(SubnetErrors.InvalidPoolWeight, $"a pool's TAO weight is in [0.01, 0.99]; got {taoWeight}");
        // Alpha minted so the pool opens at the price: alpha = w_alpha·TAO/(w_tao·price).
        var alphaWeight = Fixed.One - taoWeight;
        var alphaReserve = tx.Price.DivAmount(tx.TaoReserve, Rounding.Down);
        if (taoWeight != alphaWeight) alphaReserve = alphaWeight.Div(taoWeight, Rounding.Down).MulAmount(alphaReserve, Rounding.Down);
        if (alphaReserve.IsZero || alphaReserve > EmissionSchedule.SupplyCap)
            return TxResult.Reject(SubnetErrors.InvalidPrice, $"price {tx.Price} with {tx.TaoReserve} rao of TAO opens with {alphaReserve} alpha units; it must be between 1 unit and 21M alpha");

        var ledger = ctx.Ledger;
        var symbol = AlphaSymbol(tx.Netuid);
        if (ledger.TryGetToken(symbol, out _))
            return TxResult.Reject(SubnetErrors.SubnetExists, $"token {symbol} exists");
        var pool = ledger.GetOrCreateModuleAccount($"subnet:{tx.Netuid}:pool");
        if (!ledger.TryTransfer(ctx.SenderId, pool, ctx.Tao, tx.TaoReserve))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.TaoReserve);
        var alpha = ledger.CreateToken(symbol, 9, "subnets");
        ledger.TryMint(pool, alpha, alphaReserve);
        var subnet = new Subnet
        {
            Netuid = tx.Netuid,
            Owner = ctx.Sender,
            AlphaToken = alpha,
            AlphaSymbol = symbol,
            PoolAccount = pool,
            StakeAccount = ledger.GetOrCreateModuleAccount($"subnet:{tx.Netuid}:stake"),
            PriceSourceName = SubnetMarket.PriceSource(tx.Netuid),
            MinerAccount = ledger.GetOrCreateModuleAccount($"subnet:{tx.Netuid}:miners"),
            Kind = tx.Pool,
            RegisteredAt = ctx.Height,
            TaoWeight = taoWeight,
            MinerBurn = new Bps(tx.MinerBurnBps),
        };
        state.Subnets.Add(tx.Netuid, subnet);
        var price = SubnetMarket.SpotPrice(ctx, subnet);
        ctx.Prices.Record(subnet.PriceSourceName, ctx.Height, price);
        ctx.Emit(new SubnetRegistered(tx.Netuid, ctx.Sender, symbol, tx.Pool, ledger.Account(pool).Name, tx.TaoReserve, alphaReserve, price));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, Swap tx)
    {
        var r = ctx.RequireNotPaused("subnets", "swap");
        if (!r.Accepted) return r;
        return SubnetMarket.Swap(ctx, tx.Netuid, tx.Direction, ctx.SenderId, ctx.SenderId, tx.AmountIn, tx.MinAmountOut, out _);
    }

    private static TxResult Apply(EngineContext ctx, SetMinerRecipient tx)
    {
        var r = SubnetMarket.TryGetSubnet(ctx, tx.Netuid, out var subnet);
        if (!r.Accepted) return r;
        if (subnet.Owner != ctx.Sender)
            return TxResult.Reject(SubnetErrors.NotSubnetOwner, $"subnet {tx.Netuid} belongs to {subnet.Owner}, not {ctx.Sender}");
        r = ctx.ResolveAccount(tx.Recipient, out var recipient);
        if (!r.Accepted) return r;
        subnet.MinerAccount = recipient;
        ctx.Emit(new MinerRecipientSet(tx.Netuid, tx.Recipient));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, SwapToPrice tx)
    {
        var r = ctx.RequireNotPaused("subnets", "swapToPrice");
        if (!r.Accepted) return r;
        r = SubnetMarket.TryGetSubnet(ctx, tx.Netuid, out var subnet);
        if (!r.Accepted) return r;
        if (!tx.TargetPrice.IsPositive || tx.TargetPrice > Fixed.FromInt(1_000_000))
            return TxResult.Reject(SubnetErrors.InvalidPrice, $"a target price is in (0, 1000000] TAO per alpha; got {tx.TargetPrice}");
        var net = SubnetMarket.InputToReach(ctx, subnet, tx.TargetPrice, out var direction);
        if (net.IsZero)
            return TxResult.Reject(SubnetErrors.TradeTooSmall, $"subnet {tx.Netuid} is already at {tx.TargetPrice} to the rao");
        // Gross up for the fee so the net input reaches the target.
        var fee = ctx.Params<SubnetParameters>().SwapFeeBps;
        var gross = net.MulDiv((UInt128)Bps.Scale, (UInt128)(Bps.Scale - fee.Value), Rounding.Up);
        if (gross > tx.MaxAmountIn)
            return TxResult.Reject(SubnetErrors.SlippageExceeded, $"reaching {tx.TargetPrice} on subnet {tx.Netuid} takes {gross} units in; the limit is {tx.MaxAmountIn}");
        return SubnetMarket.Swap(ctx, tx.Netuid, direction, ctx.SenderId, ctx.SenderId, gross, Amount.Zero, out _);
    }

    private static TxResult Apply(EngineContext ctx, Stake tx)
    {
        var r = ctx.RequireNotPaused("subnets", "stake");
        if (!r.Accepted) return r;
        r = SubnetMarket.TryGetSubnet(ctx, tx.Netuid, out var subnet);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "stake");
        if (!r.Accepted) return r;
        if (!LedgerModule.IsValidUserName(tx.Hotkey))
            return TxResult.Reject(SubnetErrors.InvalidHotkey, $"'{tx.Hotkey}' is not a valid hotkey name");
        var stake = subnet.Stakes.TryGetValue(tx.Hotkey, out var existing) ? existing : new HotkeyStake { Hotkey = tx.Hotkey };
        var shares = stake.SharesFor(tx.Amount);
        if (shares == 0)
            return TxResult.Reject(SubnetErrors.TradeTooSmall, $"{tx.Amount} alpha units buy no share of {tx.Hotkey}'s stake");
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, subnet.StakeAccount, subnet.AlphaToken, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, subnet.AlphaToken, tx.Amount);
        stake.TotalAlpha += tx.Amount;
        stake.TotalShares += shares;
        stake.SharesByColdkey[ctx.Sender] = (stake.SharesByColdkey.TryGetValue(ctx.Sender, out var s) ? s : 0) + shares;
        subnet.Stakes[tx.Hotkey] = stake;
        ctx.Emit(new Staked(tx.Netuid, ctx.Sender, tx.Hotkey, tx.Amount, shares));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, Unstake tx)
    {
        var r = ctx.RequireNotPaused("subnets", "unstake");
        if (!r.Accepted) return r;
        r = SubnetMarket.TryGetSubnet(ctx, tx.Netuid, out var subnet);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "unstake");
        if (!r.Accepted) return r;
        if (!subnet.Stakes.TryGetValue(tx.Hotkey, out var stake) || !stake.SharesByColdkey.TryGetValue(ctx.Sender, out var owned))
            return TxResult.Reject(SubnetErrors.InsufficientStake, $"{ctx.Sender} has no stake with {tx.Hotkey} on subnet {tx.Netuid}");
        var worth = stake.AlphaOf(ctx.Sender);
        if (tx.Amount > worth)
            return TxResult.Reject(SubnetErrors.InsufficientStake, $"{ctx.Sender}'s stake with {tx.Hotkey} on subnet {tx.Netuid} is worth {worth} alpha units; asked {tx.Amount}");
        var burn = UInt128.Min(stake.SharesToBurn(tx.Amount), owned);
        // Burning a hotkey's last shares withdraws all the alpha they carry (less than one share's worth more than
        // asked): left behind it would belong to nobody, keep earning stakers' emission, and go to the next staker,
        // who gets one share per unit when there are none.
        var amount = burn == stake.TotalShares ? stake.TotalAlpha : tx.Amount;
        if (!ctx.Ledger.TryTransfer(subnet.StakeAccount, ctx.SenderId, subnet.AlphaToken, amount))
            throw new InvariantViolationException($"subnet {tx.Netuid} stake account is short of {amount}");
        stake.TotalAlpha -= amount;
        stake.TotalShares -= burn;
        if (owned == burn) stake.SharesByColdkey.Remove(ctx.Sender);
        else stake.SharesByColdkey[ctx.Sender] = owned - burn;
        if (stake.TotalShares == 0 && stake.TotalAlpha.IsZero) subnet.Stakes.Remove(tx.Hotkey);
        ctx.Emit(new Unstaked(tx.Netuid, ctx.Sender, tx.Hotkey, amount, burn));
        return TxResult.Ok;
    }
}

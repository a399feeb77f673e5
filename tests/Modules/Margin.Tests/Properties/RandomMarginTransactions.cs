using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;
using Ballast.Subnets.Pools;

namespace Ballast.Margin.Tests.Properties;

/// <summary>
/// Seeded random margin transactions over a small world: every margin transaction, price moves by
/// <c>subnets.swapToPrice</c> (crashes more likely than rallies), tier stakes, donations to the insurance fund, pauses.
/// Amounts lean to the edges: zero, one unit, a whole balance and one unit more, the 1e30 limit, UInt128.MaxValue.
/// The world: SN3 (constant product, 100,000 TAO at 0.05, pair up to 10×, threshold 110%) and SN4 (a weighted pool
/// with TAO weight 0.3, 50,000 TAO at 0.02, pair up to 5×, threshold 105%), SN67 whose miners pay the LPs, two LPs,
/// six traders with random balances, tiers and crowdloans, a market maker, five liquidators. Parameters: mainnet or
/// README with time compressed (accrual, LP cooldown and buyback interval of a few dozen blocks).
/// Choices depend only on the seed and the engine's state.
/// </summary>
public sealed class RandomMarginTransactions(ulong seed)
{
    public static readonly string[] Traders = ["u1", "u2", "u3", "u4", "u5", "u6"];
    public static readonly string[] Lps = ["lp1", "lp2"];
    public const string MarketMaker = "mm";
    public const string Governor = "gov";
    public static readonly int[] PairNetuids = [3, 4];

    private static readonly UInt128 Limit = EngineContext.MaxTransactionUnits;
    private readonly DeterministicRandom _rng = new(seed);

    /// <param name="verifyRejections">Run the engine with <see cref="EngineOptions.VerifyRejections"/>: it halts if a rejection leaves a trace.</param>
    public static MarginWorld World(ulong seed, bool verifyRejections, bool hardened = false)
    {
        var rng = new DeterministicRandom(seed ^ 0xA11CE);
        var pick = rng.NextBelow(2);
        var basis = hardened ? MarginParameters.Hardened : pick == 0 ? MarginParameters.Mainnet : MarginParameters.Readme;
        var builder = (verifyRejections ? MarginWorldBuilder.Create().VerifyingRejections() : MarginWorldBuilder.Create())
            .WithSeed(seed)
            .LiveMarket()
            .WithWhaleTao(100_000)
            .WithParameters(_ => basis with
            {
                BorrowAccrualIntervalBlocks = 5 + (long)rng.NextBelow(20),
                LpCooldownBlocks = (long)rng.NextBelow(30),
                BuybackIntervalBlocks = 10 + (long)rng.NextBelow(60),
            })
            .WithSubnet(3, 100_000, "0.05")
            .WithSubnet(4, 50_000, "0.02", PoolKind.Weighted, taoWeight: "0.3")
            .WithPair(3, "10")
            .WithPair(4, "5", thresholdPpb: 1_050_000_000)
            .EmissionsToLps()
            .WithLp("lp1", 600 + rng.NextBelow(5_000), spare: 1_000)
            .WithLp("lp2", 400 + rng.NextBelow(3_000), spare: 1_000)
            .WithAccount(MarketMaker, 400_000)
            .WithAccount(Governor)
            .WithGenesis(new GenesisRole(Roles.Governor, Governor).AsGenesis());
        foreach (var user in Traders)
        {
            var tao = rng.NextBelow(8) switch
            {
                0 => Amount.Zero,
                1 => Units.Rao(50_000_000),
                2 => new Amount(Limit),
                _ => Units.Tao(10 + rng.NextBelow(3_000)),
            };
            decimal[] tiers = [0, 0, 100, 1_000, 2_000, 5_000, 10_000];
            var tier = tiers[rng.NextBelow((ulong)tiers.Length)];
            var crowdloan = rng.NextBelow(3) == 0 ? Units.Tao(rng.NextBelow(12)) + Units.Rao(rng.NextBelow(1_000_000_000)) : Amount.Zero;
            if (tao.Units + crowdloan.Units > Limit) tao = new Amount(Limit - crowdloan.Units); // genesis balances stay within 1e30
            builder.WithTrader(user, tao, Units.Alpha(tier), crowdloan);
        }
        var world = builder.Build();
        // The market maker holds alpha of every subnet, to push prices down as well as up.
        world.RunOk(
            new Swap(3, SwapDirection.TaoToAlpha, Units.Tao(100_000), Amount.Zero).From(MarketMaker),
            new Swap(4, SwapDirection.TaoToAlpha, Units.Tao(40_000), Amount.Zero).From(MarketMaker),
            new Swap(67, SwapDirection.TaoToAlpha, Units.Tao(20_000), Amount.Zero).From(MarketMaker));
        if (hardened)
        {
            // Under locked tiers stake does not count: each trader moves its tier alpha from stake into the module.
            var staked = Traders.Select(u => (User: u, Alpha: world.Markets.StakeOf(world.View, 67, MarginWorldBuilder.ProtocolHotkey, u))).Where(x => !x.Alpha.IsZero).ToList();
            if (staked.Count > 0)
            {
                world.RunOk([.. staked.Select(x => new Unstake(67, MarginWorldBuilder.ProtocolHotkey, x.Alpha).From(x.User))]);
                world.RunOk([.. staked.Select(x => new LockTierAlpha(world.AlphaBalance(x.User, 67)).From(x.User))]);
            }
        }
        return world;
    }

    private int Below(int n) => (int)_rng.NextBelow((ulong)n);
    private bool Chance(int percent) => Below(100) < percent;
    private T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    private UInt128 Next128(UInt128 exclusiveMax)
    {
        if (exclusiveMax == 0) return 0;
        var raw = ((UInt128)_rng.NextUInt64() << 64) | _rng.NextUInt64();
        return raw % exclusiveMax;
    }

    private static Amount Balance(MarginWorld world, string account, string token = Engine.TaoSymbol) => world.Balance(account, token);

    /// <summary>An amount near the edges of what <paramref name="available"/> allows, or a plausible one.</summary>
    private Amount Edge(Amount available, Amount typicalMax) => Below(20) switch
    {
        0 => Amount.Zero,
        1 => new Amount(1),
        2 => available,
        3 => new Amount(available.Units + 1),
        4 => new Amount(Limit),
        5 => new Amount(Limit + 1),
        6 => new Amount(UInt128.MaxValue),
        7 => available.IsZero ? Amount.Zero : new Amount(available.Units - 1),
        _ => new Amount(Next128(UInt128.Max(1, UInt128.Min(available.Units, typicalMax.Units))) + 1),
    };

    private string Trader() => Chance(92) ? Pick(Traders) : Pick([MarketMaker, "lp1", "liq-1", "ghost", MarginModule.VaultAccount]);

    private long PositionId(MarginWorld world, Func<Model.Position, bool>? prefer = null)
    {
        var ids = world.State.Positions.Values.Where(p => prefer?.Invoke(p) ?? true).Select(p => p.Id).ToList();
        if (ids.Count == 0 || Chance(8)) return Below(3) switch { 0 => 0, 1 => world.State.NextPositionId, _ => 1 + Below(50) };
        return Pick(ids);
    }

    private Fixed Leverage() => Below(14) switch
    {
        0 => Units.X("0.5"),
        1 => Fixed.One,
        2 => Units.X("1.5"),
        3 => Units.X("2"),
        4 => Units.X("2.5"),
        5 => Units.X("3"),
        6 => Units.X("4"),
        7 => Units.X("5"),
        8 => Units.X("7"),
        9 => Units.X("10"),
        10 => Units.X("11"),
        11 => new Fixed(Fixed.ScaleRaw + 1),
        _ => new Fixed(Fixed.ScaleRaw + (Int128)_rng.NextBelow(9_000_000_000_000_000_000)),
    };

    private int Slippage() => Below(20) switch
    {
        0 => 0,
        1 => -1,
        2 => 1_001,
        3 => 10,
        4 => 100,
        5 or 6 => 500,
        _ => 1_000,
    };

    /// <summary>The sender is drawn first, then the payload (the order of the random draws when the sender was a field).</summary>
    private static Envelope Signed(string sender, Func<ITransaction> payload) => payload().From(sender);

    public Envelope Next(MarginWorld world)
    {
        var state = world.State;
        // Under locked tiers, now and then a trader locks or unlocks tier alpha (refused while it has a position open).
        if (world.Params.TierInputs == TierInputs.LockedInMargin && Chance(5))
        {
            var user = Pick(Traders);
            return Chance(50)
                ? new UnlockTierAlpha(Edge(state.TierLocks.GetValueOrDefault(user), Units.Alpha(5_000))).From(user)
                : new LockTierAlpha(Edge(world.AlphaBalance(user, 67), Units.Alpha(5_000))).From(user);
        }
        int roll = Below(100);
        switch (roll)
        {
            case < 16:
            {
                var sender = Trader();
                var balance = Balance(world, sender);
                var collateral = Chance(75) ? Units.Tao(0.1m) + new Amount(Next128(Units.Tao(300).Units)) : Edge(balance, Units.Tao(500));
                int netuid = Chance(94) ? Pick(PairNetuids) : Pick([5, 67]);
                return new OpenPosition(netuid, collateral, Leverage(), Slippage()).From(sender);
            }
            case < 27:
            {
                long id = PositionId(world);
                var owner = state.Positions.TryGetValue(id, out var p) && Chance(90) ? p.Owner : Trader();
                Amount? alpha = p is null ? null : Below(8) switch
                {
                    0 => null,
                    1 => Amount.Zero,
                    2 => p.Alpha,
                    3 => p.Alpha + new Amount(1),
                    4 => new Amount(1),
                    _ => new Amount(Next128(p.Alpha.Units) + 1),
                };
                return new ClosePosition(id, Slippage(), alpha).From(owner);
            }
            case < 32:
            {
                long id = PositionId(world);
                var owner = state.Positions.TryGetValue(id, out var p) && Chance(90) ? p.Owner : Trader();
                return new AddCollateral(id, Edge(Balance(world, owner), Units.Tao(50))).From(owner);
            }
            case < 37:
                return Signed(Pick(MarginWorldBuilder.Liquidators), () => new Liquidate(PositionId(world)));
            case < 44:
            {
                var sender = Chance(80) ? Pick(Lps.Concat(Traders).ToList()) : Trader();
                return new DepositLiquidity(Edge(Balance(world, sender), Units.Tao(2_000))).From(sender);
            }
            case < 50:
            {
                var sender = Chance(85) ? Pick(Lps.Concat(Traders).ToList()) : Trader();
                var worth = state.Lps.TryGetValue(sender, out var lp) && state.TotalLpShares != 0
                    ? new Amount(FullMath.MulDiv(lp.Shares, state.LpAssets.Units, state.TotalLpShares, Rounding.Down))
                    : Amount.Zero;
                return new WithdrawLiquidity(Edge(worth, worth)).From(sender);
            }
            case < 54:
            {
                var sender = Chance(80) ? Pick(Lps.Concat(Traders).ToList()) : Trader();
                return Chance(50) ? new ClaimLpFees().From(sender) : new ClaimLpEmissions().From(sender);
            }
            case < 57:
            {
                var holders = state.LiquidatorRewards.Keys.ToList();
                return new ClaimLiquidatorRewards().From(holders.Count > 0 && Chance(80) ? Pick(holders) : Chance(85) ? Pick(MarginWorldBuilder.Liquidators) : Trader());
            }
            case < 60:
            {
                var owners = state.UserClaims.Keys.ToList();
                return new ClaimProceeds().From(owners.Count > 0 && Chance(80) ? Pick(owners) : Trader());
            }
            case < 63:
            {
                var sender = Trader();
                return Chance(60)
                    ? new ContributeCrowdloan(Chance(60) ? Units.Tao((decimal)Below(12)) + new Amount(Next128(1_000_000_000)) : Edge(Balance(world, sender), Units.Tao(20))).From(sender)
                    : new WithdrawCrowdloan().From(sender);
            }
            case < 65:
                return new AccrueBorrowFees().From(Trader());
            case < 68:
            {
                bool bought = !Balance(world, MarginModule.BuybackAccount, "SN67").IsZero;
                return Chance(bought ? 25 : 80) ? new ExecuteBuyback().From(Trader()) : new BurnBoughtAlpha().From(Trader());
            }
            case < 72:
                return new WithdrawProtocolFees().From(Chance(85) ? MarginWorldBuilder.Manager : Trader());
            case < 74:
            {
                var insurance = Balance(world, MarginModule.InsuranceAccount);
                return Signed(Chance(85) ? MarginWorldBuilder.Manager : Trader(), () => new DrawInsurance(Edge(insurance, insurance)));
            }
            case < 76:
            {
                var sender = Chance(85) ? MarginWorldBuilder.Manager : Trader();
                int netuid = Pick([3, 4, 5, 67]);
                long threshold = Pick([1_050_000_000L, 1_080_000_000L, 1_100_000_000L, 1_049_999_999L]);
                var leverage = Pick([Units.X("2"), Units.X("5"), Units.X("10"), Units.X("11")]);
                return Chance(40)
                    ? new AddPair(netuid, leverage, threshold, Pick([500, 1_000, 1_001])).From(sender)
                    : new UpdatePair(netuid, leverage, threshold, Pick([500, 1_000]), Chance(85)).From(sender);
            }
            case < 92:
            {
                int netuid = Pick([3, 3, 4, 4, 67]);
                var spot = world.Spot(netuid);
                // Mostly down: factor 0.55–1.25, a crash now and then.
                long bps = Chance(10) ? 2_500 + Below(2_500) : 5_500 + Below(7_000);
                var target = spot.Mul(Fixed.FromBps(bps), Rounding.Down);
                if (target.IsZero) target = spot;
                return new SwapToPrice(netuid, target, Units.Tao(10_000_000)).From(MarketMaker);
            }
            case < 94:
                return Signed(Chance(70) ? MarketMaker : Trader(), () => new Transfer(MarginModule.InsuranceAccount, Engine.TaoSymbol, Edge(Units.Tao(10), Units.Tao(10))));
            case < 96:
            {
                var sender = Trader();
                var staked = world.Markets.StakeOf(world.View, 67, MarginWorldBuilder.ProtocolHotkey, sender);
                return Chance(50)
                    ? new Unstake(67, MarginWorldBuilder.ProtocolHotkey, Edge(staked, staked)).From(sender)
                    : new Stake(67, MarginWorldBuilder.ProtocolHotkey, Edge(Balance(world, sender, "SN67"), Units.Alpha(1_000))).From(sender);
            }
            case < 98:
            {
                var paused = world.Engine.Pauses.View().Where(k => k.StartsWith("margin", StringComparison.Ordinal)).ToList();
                if (paused.Count > 0 && Chance(85)) return Signed(Chance(85) ? Governor : MarginWorldBuilder.Guardian, () => new Unpause(Pick(paused)));
                return Chance(50)
                    ? Signed(Chance(80) ? MarginWorldBuilder.Guardian : Trader(), () => new Pause(Pick(["margin", "margin.open", "margin.claimProceeds", "margin.buyback"])))
                    : new AccrueBorrowFees().From(Trader());
            }
            default:
                return Signed(Trader(), () => new OpenPosition(Pick(PairNetuids), Units.Tao(1), Units.X("2"), 1_000));
        }
    }

    /// <summary>1–6 transactions a block.</summary>
    public int TransactionCount() => 1 + Below(6);

    /// <summary>16–28 blocks a sequence (3–4 dozen transactions).</summary>
    public int BlockCount() => 16 + Below(13);

    /// <summary>Empty blocks after a block (the keeper still runs): mostly none, sometimes a few, now and then enough for an accrual.</summary>
    public int Gap() => Below(20) switch
    {
        < 12 => 0,
        < 18 => 1 + Below(6),
        _ => 10 + Below(30),
    };
}

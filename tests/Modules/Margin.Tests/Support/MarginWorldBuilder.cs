using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Subnets.Pools;

namespace Ballast.Margin.Tests.Support;

/// <summary>
/// Builds a margin world: accounts, subnets with large pools, LPs, pairs, tier stakes and crowdloan contributions,
/// the manager, a guardian and a 2-of-3 council (governor, 2-block timelock). Genesis plus up to three set-up blocks:
/// (1) subnets, LP deposits, pairs; (2) the whale buys protocol-subnet alpha and hands it out; (3) tier stakes and
/// crowdloan contributions.
/// <para>
/// By default the market is <see cref="QuietMarket"/>: no TAO emission (external issuance at the 21M cap), so pool
/// reserves change only by trades and hand-worked quotes stay exact; and no staker emission, so tier stakes stay
/// what was staked. <see cref="LiveMarket"/> restores subtensor's emission.
/// </para>
/// </summary>
public sealed class MarginWorldBuilder
{
    public const string Manager = "manager";
    public const string Guardian = "guardian";
    public const string Whale = "whale";
    public const string Council = "council";
    public const string ProtocolHotkey = "tenex-validator";
    public const int ProtocolNetuid = 67;
    public static readonly string[] CouncilMembers = ["council-1", "council-2", "council-3"];
    public static readonly string[] Liquidators = ["liq-1", "liq-2", "liq-3", "liq-4", "liq-5"];

    /// <summary>TAO emission off (issuance at the cap) and no alpha to stakers: pools move only by trades, stakes stay put.</summary>
    public static SubnetParameters QuietMarket => new() { ExternalTaoIssuanceRao = 21_000_000_000_000_000, StakerShareBps = 0 };

    private MarginParameters _parameters = MarginParameters.Mainnet;
    private string? _preset;
    private SubnetParameters _subnetParameters = QuietMarket;
    private Amount _whaleTao = Units.Tao(1_000_000);
    private ulong _seed = 1;
    private readonly List<(string Name, Amount Tao)> _accounts = [];
    private readonly List<Envelope> _subnets = [];
    private readonly List<Envelope> _deposits = [];
    private readonly List<Envelope> _pairs = [];
    private readonly List<(string User, Amount Alpha)> _stakes = [];
    private readonly List<Envelope> _crowdloans = [];
    private readonly List<Envelope> _extraGenesis = [];
    private bool _protocolSubnet = true;
    private bool _emissionsToLps;

    public static MarginWorldBuilder Create() => new();

    public MarginWorldBuilder WithParameters(Func<MarginParameters, MarginParameters> change)
    {
        _parameters = change(_parameters);
        return this;
    }

    /// <summary>Chooses a margin preset at genesis (<c>governance.genesisPreset</c>): <c>mainnet</c> or <c>readme</c>.</summary>
    public MarginWorldBuilder WithPreset(string preset)
    {
        _preset = preset;
        return this;
    }

    public MarginWorldBuilder WithSubnetParameters(Func<SubnetParameters, SubnetParameters> change)
    {
        _subnetParameters = change(_subnetParameters);
        return this;
    }

    /// <summary>subtensor's emission: TAO and alpha injected into pools every block, alpha to stakers.</summary>
    public MarginWorldBuilder LiveMarket()
    {
        _subnetParameters = new SubnetParameters();
        return this;
    }

    public MarginWorldBuilder WithSeed(ulong seed)
    {
        _seed = seed;
        return this;
    }

    public MarginWorldBuilder WithWhaleTao(decimal tao)
    {
        _whaleTao = Units.Tao(tao);
        return this;
    }

    public MarginWorldBuilder WithAccount(string name, decimal tao = 0) => WithAccount(name, Units.Tao(tao));

    public MarginWorldBuilder WithAccount(string name, Amount tao)
    {
        _accounts.Add((name, tao));
        return this;
    }

    public MarginWorldBuilder WithGenesis(Envelope tx)
    {
        _extraGenesis.Add(tx);
        return this;
    }

    /// <summary>Subnet <paramref name="netuid"/> opened by <c>owner-N</c> with <paramref name="taoReserve"/> TAO at <paramref name="price"/>.</summary>
    public MarginWorldBuilder WithSubnet(int netuid, decimal taoReserve, string price, PoolKind pool = PoolKind.ConstantProduct, string? taoWeight = null)
    {
        if (netuid == ProtocolNetuid) _protocolSubnet = false;
        _subnets.Add(new RegisterSubnet(netuid, Units.Tao(taoReserve), Units.X(price), pool, taoWeight is null ? null : Units.X(taoWeight)).From(OwnerOf(netuid)));
        return this;
    }

    /// <summary>No protocol subnet (SN67): tiers count nothing and a buyback has nothing to buy.</summary>
    public MarginWorldBuilder WithoutProtocolSubnet()
    {
        _protocolSubnet = false;
        return this;
    }

    /// <summary>The protocol subnet's miners' alpha goes to <c>margin:emissions</c> (LP emission rewards).</summary>
    public MarginWorldBuilder EmissionsToLps()
    {
        _emissionsToLps = true;
        return this;
    }

    /// <summary>An LP holding <paramref name="deposit"/> + <paramref name="spare"/> TAO that deposits <paramref name="deposit"/> in block 1.</summary>
    public MarginWorldBuilder WithLp(string name, decimal deposit, decimal spare = 0)
    {
        _accounts.Add((name, Units.Tao(deposit + spare)));
        _deposits.Add(new DepositLiquidity(Units.Tao(deposit)).From(name));
        return this;
    }

    /// <summary>A trader with <paramref name="tao"/> TAO, <paramref name="tierAlpha"/> SN67 alpha staked to the protocol hotkey and a crowdloan contribution.</summary>
    public MarginWorldBuilder WithTrader(string name, decimal tao, decimal tierAlpha = 0, decimal crowdloanTao = 0) =>
        WithTrader(name, Units.Tao(tao), Units.Alpha(tierAlpha), Units.Tao(crowdloanTao));

    public MarginWorldBuilder WithTrader(string name, Amount tao, Amount tierAlpha, Amount crowdloan)
    {
        _accounts.Add((name, tao + crowdloan));
        if (!tierAlpha.IsZero) _stakes.Add((name, tierAlpha));
        if (!crowdloan.IsZero) _crowdloans.Add(new ContributeCrowdloan(crowdloan).From(name));
        return this;
    }

    public MarginWorldBuilder WithPair(int netuid, string maxLeverage = "10", long? thresholdPpb = null, int? maxSlippageBps = null)
    {
        _pairs.Add(new AddPair(netuid, Units.X(maxLeverage), thresholdPpb, maxSlippageBps).From(Manager));
        return this;
    }

    public static string OwnerOf(int netuid) => $"owner-{netuid}";

    public MarginWorld Build()
    {
        var subnets = new List<Envelope>(_subnets);
        if (_protocolSubnet) subnets.Add(new RegisterSubnet(ProtocolNetuid, Units.Tao(100_000), Units.X("0.01")).From(OwnerOf(ProtocolNetuid)));

        var engine = new Engine(new EngineOptions { Seed = _seed }, new SubnetModule(_subnetParameters), new MarginModule(_parameters));
        var genesis = new List<Envelope> { Account(Whale, _whaleTao) };
        foreach (var s in subnets) genesis.Add(Account(s.Sender, ((RegisterSubnet)s.Payload).TaoReserve));
        foreach (var name in CouncilMembers.Concat(Liquidators).Append(Manager).Append(Guardian)) genesis.Add(Account(name, Amount.Zero));
        foreach (var (name, tao) in _accounts) genesis.Add(Account(name, tao));
        genesis.Add(new GenesisMultisig(Council, CouncilMembers, Threshold: 2, TimelockBlocks: 2, GraceBlocks: 1_000).AsGenesis());
        genesis.Add(new GenesisRole(Roles.Guardian, Guardian).AsGenesis());
        if (_preset is not null) genesis.Add(new GenesisPreset(MarginModule.ModuleName, _preset).AsGenesis());
        genesis.Add(new GenesisMarginConfig(ProtocolHotkey: ProtocolHotkey, Manager: Manager).AsGenesis());
        genesis.AddRange(_extraGenesis);
        var results = engine.ApplyGenesis(genesis);
        for (int i = 0; i < results.Count; i++)
            results[i].Accepted.ShouldBeTrue($"genesis transaction {i} ({genesis[i]}): {results[i]}");

        var world = new MarginWorld(engine);
        var setup = new List<Envelope>(subnets);
        setup.AddRange(_deposits);
        setup.AddRange(_pairs);
        if (_emissionsToLps) setup.Add(new SetMinerRecipient(ProtocolNetuid, MarginModule.EmissionsAccount).From(OwnerOf(ProtocolNetuid)));
        world.RunOk([.. setup]);

        if (_stakes.Count > 0)
        {
            // The whale buys the tier alpha on SN67 (with a generous TAO budget) and hands each trader its amount.
            var total = _stakes.Aggregate(Amount.Zero, (sum, s) => sum + s.Alpha);
            var spot = world.Spot(ProtocolNetuid);
            var budget = spot.MulAmount(total, Rounding.Up).MulDiv(3u, 2u, Rounding.Up) + Units.Tao(1);
            var buy = new List<Envelope> { new Swap(ProtocolNetuid, SwapDirection.TaoToAlpha, budget, total).From(Whale) };
            buy.AddRange(_stakes.Select(s => new Transfer(s.User, SubnetModule.AlphaSymbol(ProtocolNetuid), s.Alpha).From(Whale)));
            world.RunOk([.. buy]);
        }
        var third = new List<Envelope>();
        third.AddRange(_stakes.Select(s => new Stake(ProtocolNetuid, ProtocolHotkey, s.Alpha).From(s.User)));
        third.AddRange(_crowdloans);
        if (third.Count > 0) world.RunOk([.. third]);
        return world;
    }

    private static Envelope Account(string name, Amount tao) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { [Engine.TaoSymbol] = tao }).AsGenesis();
}

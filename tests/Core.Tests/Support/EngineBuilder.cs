using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// Builds an engine with its genesis block: accounts with balances, roles, multisigs, voting bodies and feeds.
/// The <see cref="TestModule"/> is included unless <see cref="WithoutTestModule"/> is called. Every genesis
/// transaction must be accepted, or <see cref="Build"/> throws with the rejection.
/// </summary>
public sealed class EngineBuilder
{
    private readonly List<Envelope> _genesis = [];
    private readonly List<IModule> _modules = [];
    private EngineOptions _options = new();
    private bool _withTestModule = true;

    /// <summary>The genesis transactions, in order.</summary>
    public IReadOnlyList<Envelope> GenesisTransactions => _genesis;

    public EngineBuilder WithSeed(ulong seed)
    {
        _options = _options with { Seed = seed };
        return this;
    }

    public EngineBuilder WithOptions(Func<EngineOptions, EngineOptions> change)
    {
        _options = change(_options);
        return this;
    }

    public EngineBuilder WithModule(IModule module)
    {
        _modules.Add(module);
        return this;
    }

    public EngineBuilder WithoutTestModule()
    {
        _withTestModule = false;
        return this;
    }

    /// <summary>A user account holding <paramref name="taoTokens"/> whole TAO.</summary>
    public EngineBuilder WithAccount(string name, ulong taoTokens = 0) => WithAccount(name, Amount.Tokens(taoTokens));

    /// <summary>A user account holding exactly <paramref name="tao"/>.</summary>
    public EngineBuilder WithAccount(string name, Amount tao) =>
        WithGenesis(new GenesisAccount(name, new Dictionary<string, Amount> { [Engine.TaoSymbol] = tao }).AsGenesis());

    public EngineBuilder WithAccounts(params string[] names)
    {
        foreach (var name in names) WithAccount(name);
        return this;
    }

    public EngineBuilder WithRole(string role, string account) => WithGenesis(new GenesisRole(role, account).AsGenesis());

    /// <summary>A user account that holds the governor role directly (for direct parameter changes).</summary>
    public EngineBuilder WithGovernor(string name) => WithAccount(name).WithRole(Roles.Governor, name);

    public EngineBuilder WithMultisig(string name, IReadOnlyList<string> members, int? threshold = null,
        long? timelockBlocks = null, long? graceBlocks = null, IReadOnlyList<string>? roles = null) =>
        WithGenesis(new GenesisMultisig(name, members, threshold, timelockBlocks, graceBlocks, roles).AsGenesis());

    public EngineBuilder WithVotingBody(string name, int quorumBps, int supermajorityBps, long votingPeriodBlocks,
        string token = Engine.TaoSymbol, IReadOnlyList<string>? roles = null) =>
        WithGenesis(new GenesisVotingBody(name, token, quorumBps, supermajorityBps, votingPeriodBlocks, roles).AsGenesis());

    public EngineBuilder WithFeed(string feed, long maxAgeBlocks, string? feeder = null) =>
        WithGenesis(new GenesisFeed(feed, maxAgeBlocks, feeder).AsGenesis());

    public EngineBuilder WithGenesis(Envelope tx)
    {
        _genesis.Add(tx);
        return this;
    }

    /// <summary>The engine before genesis (height 0, nothing applied): for tests of genesis transactions themselves.</summary>
    public Engine BuildWithoutGenesis()
    {
        var modules = _withTestModule ? [new TestModule(), .. _modules] : _modules.ToArray();
        return new Engine(_options, modules);
    }

    public Engine Build()
    {
        var engine = BuildWithoutGenesis();
        var results = engine.ApplyGenesis(_genesis);
        for (int i = 0; i < results.Count; i++)
        {
            if (!results[i].Accepted)
                throw new InvalidOperationException($"genesis transaction {i} ({_genesis[i]}) was rejected: {results[i]}");
        }
        return engine;
    }
}

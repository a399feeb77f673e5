using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Subnets;

namespace Ballast.Margin.Tests.Support;

/// <summary>An engine with the margin module and short forms for running blocks and reading the protocol.</summary>
public sealed class MarginWorld(Engine engine)
{
    public Engine Engine { get; } = engine;
    /// <summary>The read-only view queries and keepers get.</summary>
    public EngineView View => Engine.View;
    internal MarginState State => Engine.StateOf<MarginState>();
    public MarginParameters Params => View.Params<MarginParameters>();
    /// <summary>The subnet markets, through the port the margin module uses.</summary>
    public ISubnetMarkets Markets => View.Port<ISubnetMarkets>();
    public long Height => Engine.Height;

    // ---------- blocks ----------

    public BlockResult Block(params Envelope[] txs) => Engine.ExecuteBlock(txs);

    /// <summary>Runs <paramref name="tx"/> alone in the next block.</summary>
    public TxResult Run(Envelope tx) => Engine.ExecuteBlock([tx]).Results[0];

    /// <summary>Runs the transactions as the next block and asserts every one was accepted.</summary>
    public void RunOk(params Envelope[] txs)
    {
        var result = Engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++)
            result.Results[i].Accepted.ShouldBeTrue($"block {result.Height}, transaction {i} ({txs[i]}): {result.Results[i]}");
    }

    /// <summary>Runs empty blocks until <paramref name="height"/> is the height of the last executed block.</summary>
    public void AdvanceTo(long height)
    {
        Engine.Height.ShouldBeLessThanOrEqualTo(height);
        Engine.AdvanceBlocks(height - Engine.Height);
    }

    /// <summary>Opens a position in its own block and returns its id.</summary>
    public long Open(string owner, int netuid, Amount collateral, string leverage, int maxSlippageBps = 1_000)
    {
        long id = State.NextPositionId;
        RunOk(new OpenPosition(netuid, collateral, Units.X(leverage), maxSlippageBps).From(owner));
        State.Positions.ContainsKey(id).ShouldBeTrue();
        return id;
    }

    /// <summary>The council (2 of 3, 2-block timelock) proposes, approves and executes <paramref name="action"/>; returns the execution's result.</summary>
    public TxResult Govern(ITransaction action)
    {
        long id = Engine.Query<GovernanceSummaryQuery, GovernanceSummary>(new GovernanceSummaryQuery()).NextProposalId;
        RunOk(new Propose(MarginWorldBuilder.Council, action).From(MarginWorldBuilder.CouncilMembers[0]),
              new Approve(id).From(MarginWorldBuilder.CouncilMembers[1]));
        Engine.AdvanceBlocks(2);
        return Run(new ExecuteProposal(id).From(MarginWorldBuilder.CouncilMembers[2]));
    }

    // ---------- reading ----------

    public Amount Balance(string account, string token = Engine.TaoSymbol)
    {
        if (!Engine.Ledger.TryGetAccount(account, out var id)) return Amount.Zero;
        if (!Engine.Ledger.TryGetToken(token, out var tokenId)) return Amount.Zero;
        return Engine.Ledger.BalanceOf(id, tokenId);
    }

    public Amount AlphaBalance(string account, int netuid) => Balance(account, SubnetModule.AlphaSymbol(netuid));

    public SubnetInfo Subnet(int netuid)
    {
        Markets.TryGetSubnet(View, netuid, out var subnet).Accepted.ShouldBeTrue();
        return subnet;
    }

    public (Amount Tao, Amount Alpha) Reserves(int netuid)
    {
        Subnet(netuid);
        return Markets.Reserves(View, netuid);
    }

    public Fixed Spot(int netuid)
    {
        Subnet(netuid);
        return Markets.SpotPrice(View, netuid);
    }

    /// <summary>Events of the last executed block (transactions and hooks), of type <typeparamref name="T"/>.</summary>
    public List<T> LastBlockEvents<T>() =>
        Engine.Events.Records.Where(r => r.Block == Engine.Height).Select(r => r.Event).OfType<T>().ToList();

    public List<T> AllEvents<T>() => Engine.Events.Records.Select(r => r.Event).OfType<T>().ToList();

    // ---------- the module's declared queries ----------

    /// <summary><c>margin.position</c> of an open position (fails the test if none is open).</summary>
    public PositionView Position(long id) =>
        Engine.Query<PositionQuery, PositionView?>(new PositionQuery(id)) ?? throw new ShouldAssertException($"no open position {id}");

    public TierView Tier(string user) => Engine.Query<TierQuery, TierView>(new TierQuery(user));

    public SolvencyView Solvency() => Engine.Query<SolvencyQuery, SolvencyView>(new SolvencyQuery());

    public MarginSummary Summary() => Engine.Query<SummaryQuery, MarginSummary>(new SummaryQuery());

    public LpView? Lp(string lp) => Engine.Query<LpQuery, LpView?>(new LpQuery(lp));

    public PairView? Pair(int netuid) => Engine.Query<PairQuery, PairView?>(new PairQuery(netuid));

    /// <summary><c>margin.liquidationCandidates</c>: the positions the liquidation index finds liquidatable now.</summary>
    public IReadOnlyList<long> Candidates(int netuid) =>
        Engine.Query<LiquidationCandidatesQuery, LiquidationCandidates>(new LiquidationCandidatesQuery(netuid)).PositionIds;

    /// <summary>Sells <paramref name="alpha"/> into subnet <paramref name="netuid"/> as the whale (who must hold it).</summary>
    public TxResult WhaleSells(int netuid, Amount alpha) =>
        Run(new Swap(netuid, SwapDirection.AlphaToTao, alpha, Amount.Zero).From(MarginWorldBuilder.Whale));

    public TxResult WhaleBuys(int netuid, Amount tao) =>
        Run(new Swap(netuid, SwapDirection.TaoToAlpha, tao, Amount.Zero).From(MarginWorldBuilder.Whale));
}

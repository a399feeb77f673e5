using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Margin;
using Ballast.Perps;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Scenarios;
using Ballast.Subnets;

namespace Ballast.Simulation.Running;

/// <summary>
/// Runs one Monte Carlo path: genesis (presets, parameters, the scenario's genesis, every agent's account), the setup
/// blocks, then the horizon block by block — stress events, reference prices moved and posted, agents' transactions,
/// the block — sampling the metrics every K blocks. Everything random comes from (scenario seed, path): the engine's
/// seed, each market's and each agent's random source.
/// </summary>
public sealed class PathRunner(Scenario scenario, Func<EngineOptions, Engine>? createEngine = null)
{
    private readonly Func<EngineOptions, Engine> _createEngine = createEngine ?? SimulationEngines.Create;

    /// <summary>Blocks run so far on this runner's paths (read by the progress display).</summary>
    public long BlocksDone => Interlocked.Read(ref _blocksDone);
    private long _blocksDone;

    /// <summary>The names of the sampled series (set when a path has run).</summary>
    public IReadOnlyList<string> SeriesNames { get; private set; } = [];

    public PathResult Run(int path) => RunHorizon(path, stopAfter: long.MaxValue, out _);

    /// <summary>
    /// Runs path <paramref name="path"/> as <see cref="Run"/> does, stopping after horizon block <paramref name="block"/>
    /// (0: after genesis, setup and the settling block), and returns its engine there: the state a node starts from
    /// (<c>ballast node --from RESULTS --path i --block b</c>). The same draws as the full run, so the same state.
    /// </summary>
    public Engine RunTo(int path, long block)
    {
        if (block < 0 || block > scenario.HorizonBlocks)
            throw new ArgumentOutOfRangeException(nameof(block), $"block {block} is outside the horizon (0 to {scenario.HorizonBlocks})");
        RunHorizon(path, stopAfter: block, out var engine);
        return engine;
    }

    // One path from genesis: a full run (stopAfter beyond the horizon) or one stopped after a horizon block. Both build
    // the engine from the same options, so a stopped run's state is the full run's state at that block.
    private PathResult RunHorizon(int path, long stopAfter, out Engine engine)
    {
        engine = _createEngine(new EngineOptions
        {
            Seed = Seeds.Derive(scenario.Seed, path, Seeds.EngineStream),
            GenesisUnixSeconds = scenario.GenesisUnixSeconds,
            BlockSeconds = scenario.BlockSeconds,
            CheckConservationEveryBlock = true,
            // Every block checks the totals the ledger keeps incrementally (O(tokens)); a host that wants the pass over
            // every balance each block passes a createEngine that sets FullConservationScan (--full-conservation-check).
            FullConservationScan = false,
            RecordEvents = true,
        });
        var block = 0L;
        try
        {
            Genesis(engine);
            var pairBadDebt = new PairBadDebt();
            var openedAtSetup = Setup(engine, path, pairBadDebt);
            return Horizon(engine, path, openedAtSetup, pairBadDebt, ref block, stopAfter);
        }
        catch (InvariantViolationException e)
        {
            throw new SimulationFailure($"path {path}, block {block} of the horizon (engine height {engine.Height}): {e.Message}", e, path);
        }
    }

    private void Genesis(Engine engine)
    {
        var all = new List<(Envelope Envelope, int Line, string What)>();
        foreach (var t in scenario.Genesis) all.Add((t.Envelope, t.Line, "genesis transaction"));
        foreach (var agents in scenario.Agents.Where(a => !a.UsesExistingAccount))
            for (int i = 0; i < agents.Count; i++)
                foreach (var (account, funds) in agents.GenesisAccounts(i))
                    all.Add((Envelope.Genesis(new GenesisAccount(account, new Dictionary<string, Amount> { ["TAO"] = funds })), agents.Line,
                        $"the account of agent {account}"));
        var results = engine.ApplyGenesis(all.Select(a => a.Envelope).ToList());
        for (int i = 0; i < results.Count; i++)
            if (!results[i].Accepted)
                throw new ScenarioException(scenario.File, all[i].Line, $"{all[i].What} refused at genesis: {results[i]}");
    }

    /// <summary>Runs the setup blocks; returns the margin position each account opened in the agents' setup block.</summary>
    private Dictionary<string, long> Setup(Engine engine, int path, PairBadDebt pairBadDebt)
    {
        foreach (var blockTxs in scenario.Setup)
            RunSetupBlock(engine, blockTxs.Select(t => (t.Envelope, t.Line)).ToList(), "setup transaction", pairBadDebt);
        var agentSetup = new List<(Envelope, int)>();
        var scratch = new List<Envelope>();
        int ordinal = 0;
        foreach (var agents in scenario.Agents)
            for (int i = 0; i < agents.Count; i++)
            {
                scratch.Clear();
                agents.Setup(i, new DeterministicRandom(Seeds.Derive(scenario.Seed, path, Seeds.SetupStream, ordinal++)), scratch);
                agentSetup.AddRange(scratch.Select(e => (e, agents.Line)));
            }
        var opened = new Dictionary<string, long>(StringComparer.Ordinal);
        if (agentSetup.Count > 0) RunSetupBlock(engine, agentSetup, "agent setup transaction", pairBadDebt, opened);
        return opened;
    }

    private void RunSetupBlock(Engine engine, List<(Envelope Envelope, int Line)> transactions, string what, PairBadDebt pairBadDebt,
        Dictionary<string, long>? opened = null)
    {
        var result = engine.ExecuteBlock(transactions.Select(t => t.Envelope).ToList());
        for (int i = 0; i < result.Results.Count; i++)
            if (!result.Results[i].Accepted)
                throw new ScenarioException(scenario.File, transactions[i].Line,
                    $"{what} ({engine.Catalog.NameOf(transactions[i].Envelope.Payload)} from '{transactions[i].Envelope.Sender}') refused at setup: {result.Results[i]}");
        foreach (var record in engine.Events.Records)
        {
            pairBadDebt.Observe(record.Event);
            if (opened is not null && record.Event is PositionOpened o) opened[o.Owner] = o.PositionId;
        }
        engine.Events.Clear();
    }

    private PathResult Horizon(Engine engine, int path, Dictionary<string, long> openedAtSetup, PairBadDebt pairBadDebt, ref long block, long stopAfter = long.MaxValue)
    {
        int maxLatency = scenario.Agents.OfType<ArbitrageurSpec>().Select(a => a.LatencyBlocks).DefaultIfEmpty(0).Max();
        var markets = new List<MarketRuntime>();
        for (int m = 0; m < scenario.Markets.Length; m++)
        {
            var spec = scenario.Markets[m];
            double initial = spec.InitialPrice;
            if (initial <= 0 && spec.Kind == MarketKind.Subnet) initial = engine.View.Port<ISubnetMarkets>().SpotPrice(engine.View, spec.Netuid).ToDouble();
            var random = new DeterministicRandom(Seeds.Derive(scenario.Seed, path, Seeds.MarketStream, m));
            markets.Add(new MarketRuntime(spec, spec.Model.Start(initial, random), maxLatency));
        }
        var byName = markets.ToDictionary(m => m.Spec.Name, StringComparer.Ordinal);
        var context = new AgentContext(engine, byName) { MarginPositionsOpenedAtSetup = openedAtSetup };
        var agents = new List<IAgent>();
        int ordinal = 0;
        foreach (var spec in scenario.Agents)
            for (int i = 0; i < spec.Count; i++)
                agents.Add(spec.Create(i, new DeterministicRandom(Seeds.Derive(scenario.Seed, path, Seeds.AgentStream, ordinal++))));

        // One settling block before the horizon: arbitrageurs (and pins) bring the pools to the first reference price.
        var settling = new List<Envelope>();
        context.Block = 0;
        for (int i = 0, a = 0; i < scenario.Agents.Length; i++)
            for (int j = 0; j < scenario.Agents[i].Count; j++, a++)
                if (scenario.Agents[i] is ArbitrageurSpec) agents[a].Act(context, settling);
        if (settling.Count > 0) engine.ExecuteBlock(settling);
        foreach (var record in engine.Events.Records) pairBadDebt.Observe(record.Event);
        engine.Events.Clear();
        if (stopAfter == 0) return null!; // RunTo: the state before the horizon's first block

        var schedule = new AgentSchedule(agents, firstBlock: 1);
        var metrics = new MetricSet(scenario, markets, pairBadDebt);
        SeriesNames = metrics.Names;
        var samples = new List<double[]> { metrics.Sample(engine) };
        var sampleBlocks = new List<long> { 0 };
        var transactions = new List<Envelope>();
        var results = new TxResult[16]; // reused every block (grown when a block holds more)
        // The blocks at which a stress event happens, so an ordinary block does not look at the scenario's events.
        var eventBlocks = new HashSet<long>();
        foreach (var e in scenario.Events) eventBlocks.Add(e.AtBlock);
        double liquidated = 0;
        long rejections = 0;
        // Refusals counted by (transaction type, code); the first one's sentence is kept as the example (read once).
        var refused = new Dictionary<(Type? Transaction, ErrorCode Code), (long Count, string Example, ITransaction First)>();
        for (block = 1; block <= scenario.HorizonBlocks; block++)
        {
            transactions.Clear();
            bool eventBlock = eventBlocks.Contains(block);
            if (eventBlock)
            {
                foreach (var e in scenario.Events)
                {
                    if (e.AtBlock != block) continue;
                    switch (e.Kind)
                    {
                        case StressKind.Gap: byName[e.Market!].Shock(1 + e.Percent / 100); break;
                        case StressKind.OracleOutage: byName[e.Market!].OutageUntil = block + e.Blocks; break;
                        case StressKind.Transactions: foreach (var t in e.Transactions) transactions.Add(t.Envelope); break;
                    }
                }
            }
            foreach (var m in markets)
            {
                if (m.Path is not null && !(eventBlock && IsGapBlock(m, block))) m.Advance();
                if (m.Spec.Kind == MarketKind.Feed && block >= m.OutageUntil && block % m.Spec.PostEveryBlocks == 0)
                    transactions.Add(new Ballast.Core.Prices.PostPrice(m.Spec.Feed!, m.Reference).From(m.Spec.Feeder!));
            }
            context.Block = block;
            schedule.Act(block, context, transactions);
            if (results.Length < transactions.Count) results = new TxResult[Math.Max(transactions.Count, results.Length * 2)];
            int refusedInBlock = engine.ExecuteBlockInto(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(transactions), results);
            for (int i = 0; refusedInBlock > 0 && i < transactions.Count; i++)
            {
                var r = results[i];
                if (r.Accepted) continue;
                refusedInBlock--;
                rejections++;
                var key = (transactions[i].Payload?.GetType(), r.Error!.Value);
                if (!refused.TryGetValue(key, out var seen)) refused[key] = (1, r.Message ?? "", transactions[i].Payload!);
                else refused[key] = seen with { Count = seen.Count + 1 };
            }
            context.LastEvents.Clear();
            context.LastEvents.AddRange(engine.Events.Records);
            foreach (var record in engine.Events.Records)
            {
                if (record.Event is PositionLiquidated ml) liquidated += MetricSet.Tao(ml.Proceeds);
                else if (record.Event is PerpLiquidated pl) liquidated += MetricSet.Tao(pl.Loss);
                pairBadDebt.Observe(record.Event);
            }
            engine.Events.Clear();
            // The progress counter is shared by every worker thread: one atomic add per 256 blocks, not per block.
            if ((block & 255) == 0) Interlocked.Add(ref _blocksDone, 256);
            if (block % scenario.SampleEveryBlocks == 0 || block == scenario.HorizonBlocks)
            {
                samples.Add(metrics.Sample(engine));
                sampleBlocks.Add(block);
            }
            if (block == stopAfter) return null!; // RunTo: stop here, the engine as it stands
        }
        block = scenario.HorizonBlocks;
        Interlocked.Add(ref _blocksDone, scenario.HorizonBlocks & 255);
        var byCode = new SortedDictionary<string, (long Count, string Example)>(StringComparer.Ordinal);
        foreach (var ((_, code), seen) in refused)
        {
            // Two payload types the catalog does not know may share a short name: their counts add up under it.
            var name = $"{engine.Catalog.NameOf(seen.First)}: {code}";
            byCode[name] = byCode.TryGetValue(name, out var other) ? (other.Count + seen.Count, other.Example) : (seen.Count, seen.Example);
        }
        var outcomes = Outcomes(metrics.Names, samples, liquidated);
        if (scenario.HasCoalitions)
        {
            // The attackers' profit at the final prices, exact in rao, then in TAO as the other outcomes.
            Int128 pnl = 0;
            foreach (var spec in scenario.Agents)
                if (spec is ICoalitionSpec coalition)
                    for (int i = 0; i < spec.Count; i++) pnl += coalition.PnlRao(engine.View, i);
            outcomes = [.. outcomes, (double)pnl / Amount.UnitsPerToken];
        }
        return new PathResult(path, sampleBlocks.ToArray(), samples.ToArray(), outcomes, scenario.HorizonBlocks, rejections)
        {
            RejectionsByKind = byCode,
        };
    }

    // A gap block's price is the gap itself: the shock applies to the price as it stands, and the path moves on next block.
    private bool IsGapBlock(MarketRuntime m, long block)
    {
        foreach (var e in scenario.Events)
            if (e.Kind == StressKind.Gap && e.AtBlock == block && e.Market == m.Spec.Name) return true;
        return false;
    }

    private static double[] Outcomes(IReadOnlyList<string> names, List<double[]> samples, double liquidated)
    {
        double At(int sample, string name)
        {
            int i = IndexOf(names, name);
            return i < 0 ? 0 : samples[sample][i];
        }
        int last = samples.Count - 1;
        var outcomes = new double[PathOutcomes.Names.Length];
        outcomes[PathOutcomes.Loss] = At(last, "margin.badDebtTao") + At(last, "perps.lenderLossesTao") + At(last, "insurance.uncoveredTao")
            - (At(0, "margin.badDebtTao") + At(0, "perps.lenderLossesTao") + At(0, "insurance.uncoveredTao"))
            + At(last, "cover.unpaidTao") - At(0, "cover.unpaidTao"); // cover owed that neither the fund nor a DAO loan paid
        string reserve = IndexOf(names, "insurance.reserveTao") >= 0 ? "insurance.reserveTao"
            : IndexOf(names, "margin.insuranceTao") >= 0 ? "margin.insuranceTao" : "cover.capitalTao";
        outcomes[PathOutcomes.ReserveEnd] = At(last, reserve);
        outcomes[PathOutcomes.ReserveMin] = Enumerable.Range(0, samples.Count).Min(s => At(s, reserve));
        outcomes[PathOutcomes.Liquidations] = At(last, "margin.liquidations") + At(last, "perps.liquidations") - At(0, "margin.liquidations") - At(0, "perps.liquidations");
        outcomes[PathOutcomes.Liquidated] = liquidated;
        // LP yield: the share value's change plus the fees LPs earned (claimable, not compounded) over the LPs' assets at the start.
        string share = IndexOf(names, "margin.lpShareValue") >= 0 ? "margin.lpShareValue" : "perps.lenderShareValue";
        double start = At(0, share);
        double fees = At(last, "margin.lpFeesTao") - At(0, "margin.lpFeesTao"), assets = At(0, "margin.lpAssetsTao");
        outcomes[PathOutcomes.LpYield] = (start > 0 ? At(last, share) / start - 1 : 0) + (assets > 0 ? fees / assets : 0);
        outcomes[PathOutcomes.Ruined] = outcomes[PathOutcomes.Loss] > 0 ? 1 : 0;
        return outcomes;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }
}

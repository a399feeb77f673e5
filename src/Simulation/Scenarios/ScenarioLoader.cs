using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Serialization;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Agents.Underwriting;
using Ballast.Simulation.Prices;
using Ballast.Simulation.Running;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ballast.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file (YAML; JSON is YAML too) into a validated <see cref="Scenario"/>. Every problem is a
/// <see cref="ScenarioException"/> <c>FILE:LINE: problem</c>, raised before any path runs: unknown or missing fields,
/// values out of range, transactions in the engine's strict format (the same reader as <c>ballast exec</c>),
/// modules' presets and parameters checked against the modules' own parameter sets, markets and agents that refer to
/// each other, data files and their columns.
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopLevel =
        ["name", "description", "seed", "paths", "horizon", "sampleEveryBlocks", "genesisTime", "blockSeconds", "modules", "genesis", "setup", "markets", "agents", "events", "sweep"];
    private static readonly string[] KnownModules = ["subnets", "margin", "perps", "insurance", "risk", "cover", "capital", "underwriting"];

    public static Scenario LoadFile(string path, int? pathsOverride = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, 0, $"cannot read the scenario: {e.Message}");
        }
        return Load(path, text, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", pathsOverride);
    }

    public static Scenario Load(string file, string text, string directory, int? pathsOverride = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ScenarioException(file, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections; it knows no position.
            int lines = text.Split('\n').Length;
            throw new ScenarioException(file, lines, $"not valid YAML: the file ends inside an unclosed bracket, brace or quote ({e.Message})");
        }
        if (stream.Documents.Count != 1) throw new ScenarioException(file, 1, "expected one YAML document");
        var root = new YamlFields(file, "", stream.Documents[0].RootNode);
        var catalog = SimulationEngines.Create(new EngineOptions()).Catalog;
        var reader = new Reader(file, directory, catalog);

        string name = root.String("name", "the scenario's name");
        string description = root.OptionalString("description", "free text") ?? "";
        ulong seed = root.ULong("seed", 1);
        int paths = (int)root.Long("paths", 1, 1_000_000, 100);
        if (pathsOverride is { } p) paths = p;
        int blockSeconds = (int)root.Long("blockSeconds", 1, 86_400, BlockClock.DefaultBlockSeconds);
        long genesis = ReadTime(root, "genesisTime", 1_739_404_800);
        long horizon = ReadHorizon(root, blockSeconds);
        long sample = root.Long("sampleEveryBlocks", 1, 10_000_000, Math.Max(1, horizon / 200));

        var genesisTxs = ImmutableArray.CreateBuilder<ScenarioTransaction>();
        var modules = ReadModules(root, reader, genesisTxs);
        if (root.OptionalList("genesis", "transactions") is { } g)
            for (int i = 0; i < g.Children.Count; i++) genesisTxs.Add(reader.Transaction(g.Children[i], $"genesis[{i}]"));

        var setup = ImmutableArray.CreateBuilder<ImmutableArray<ScenarioTransaction>>();
        if (root.OptionalList("setup", "blocks (each a list of transactions)") is { } s)
            for (int i = 0; i < s.Children.Count; i++)
            {
                if (s.Children[i] is YamlMappingNode advanceNode)
                {
                    var advance = new YamlFields(file, $"setup[{i}]", advanceNode);
                    long blocks = advance.Long("advance", 1, 100_000);
                    advance.RefuseUnknown("advance");
                    for (long b = 0; b < blocks; b++) setup.Add([]);
                    continue;
                }
                if (s.Children[i] is not YamlSequenceNode block) throw root.Error(s.Children[i], $"setup[{i}]: expected a block (a list of transactions) or {{advance: N}} (N empty blocks)");
                setup.Add([.. block.Children.Select((t, j) => reader.Transaction(t, $"setup[{i}][{j}]"))]);
            }

        var markets = ReadMarkets(root, reader, blockSeconds, genesis);
        var agents = ReadAgents(root, reader, markets, blockSeconds);
        var events = ReadEvents(root, reader, markets, horizon);
        var sweep = ReadSweep(root, modules);
        root.RefuseUnknown(TopLevel);
        if (sample > horizon) sample = horizon;
        return new Scenario
        {
            Name = name, Description = description, Text = text, File = file, Seed = seed, Paths = paths, HorizonBlocks = horizon,
            SampleEveryBlocks = sample, GenesisUnixSeconds = genesis, BlockSeconds = blockSeconds, Modules = modules,
            Genesis = genesisTxs.ToImmutable(), Setup = setup.ToImmutable(), Markets = markets, Agents = agents, Events = events, Sweep = sweep,
        };
    }

    private static long ReadTime(YamlFields fields, string name, long fallback)
    {
        var node = fields.Optional(name);
        if (node is null) return fallback;
        var text = fields.Scalar(node, name, "a UTC time such as 2025-02-20T00:00:00Z");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            throw fields.Error(node, $"{name}: expected a UTC time such as 2025-02-20T00:00:00Z; got '{YamlFields.Echo(text)}'");
        return t.ToUnixTimeSeconds();
    }

    private static long ReadHorizon(YamlFields root, int blockSeconds)
    {
        var node = root.Required("horizon", "the horizon: {blocks: N} or {days: D}");
        var h = new YamlFields(root.File, "horizon", node);
        long blocks;
        if (h.Has("blocks") && h.Has("days")) throw h.Error(node, "horizon: give blocks or days, not both");
        if (h.Has("days")) blocks = (long)Math.Round(h.Double("days", 1.0 / 7200, 36_500) * 86_400 / blockSeconds);
        else blocks = h.Long("blocks", 1, 100_000_000);
        h.RefuseUnknown("blocks", "days");
        return Math.Max(1, blocks);
    }

    private static ImmutableArray<string> ReadModules(YamlFields root, Reader reader, ImmutableArray<ScenarioTransaction>.Builder genesis)
    {
        var node = root.Required("modules", $"the modules the scenario uses and their parameters (any of {string.Join(", ", KnownModules)})");
        var modules = new YamlFields(root.File, "modules", node);
        var names = ImmutableArray.CreateBuilder<string>();
        // One scratch engine for the whole section: each preset and parameter is applied in the order written, so a
        // cross-field rule (tiers in order, fee splits summing to 100%) sees the values written before it.
        var engine = SimulationEngines.Create(new EngineOptions());
        foreach (var (keyNode, value) in modules.Node.Children)
        {
            var module = ((YamlScalarNode)keyNode).Value!;
            if (!KnownModules.Contains(module)) throw modules.Error(keyNode, $"modules.{module}: unknown module; expected one of {string.Join(", ", KnownModules)}");
            modules.Optional(module);
            names.Add(module);
            if (value is YamlScalarNode { Value: null or "" or "{}" }) continue;
            var m = new YamlFields(root.File, $"modules.{module}", value);
            var set = engine.View.ParameterSetOf(module);
            if (m.OptionalString("preset", "a preset name") is { } preset)
            {
                var presetNode = m.Node.Children[new YamlScalarNode("preset")];
                if (set is null) throw m.Error(presetNode, $"modules.{module}.preset: the {module} module has no parameters");
                var check = engine.ApplyGenesis([Envelope.Genesis(new GenesisPreset(module, preset))])[0];
                if (!check.Accepted) throw m.Error(presetNode, $"modules.{module}.preset: {check.Message}");
                genesis.Add(new ScenarioTransaction(Envelope.Genesis(new GenesisPreset(module, preset)), (int)presetNode.Start.Line));
            }
            if (m.Optional("parameters") is { } parameters)
            {
                var ps = new YamlFields(root.File, $"modules.{module}.parameters", parameters);
                foreach (var (pk, pv) in ps.Node.Children)
                {
                    var parameter = ((YamlScalarNode)pk).Value!;
                    ps.Optional(parameter);
                    var valueText = ps.Scalar(pv, ps.Field(parameter), "the parameter's value");
                    var tx = new GenesisParameter(module, parameter, valueText.Replace("_", ""));
                    var check = engine.ApplyGenesis([Envelope.Genesis(tx)])[0];
                    if (!check.Accepted) throw ps.Error(pk, $"{ps.Field(parameter)}: {check.Message}");
                    genesis.Add(new ScenarioTransaction(Envelope.Genesis(tx), (int)pk.Start.Line));
                }
            }
            m.RefuseUnknown("preset", "parameters");
        }
        modules.RefuseUnknown(KnownModules);
        if (names.Count == 0) throw modules.Error(node, "modules: name at least one module");
        return names.ToImmutable();
    }

    /// <summary>Applies one genesis transaction to a scratch engine, for its refusal's sentence.</summary>
    private static TxResult GenesisCheck(IGenesisTransaction tx)
    {
        var scratch = SimulationEngines.Create(new EngineOptions());
        return scratch.ApplyGenesis([Envelope.Genesis(tx)])[0];
    }

    private static ImmutableArray<MarketSpec> ReadMarkets(YamlFields root, Reader reader, int blockSeconds, long genesis)
    {
        var list = root.OptionalList("markets", "markets");
        var result = ImmutableArray.CreateBuilder<MarketSpec>();
        if (list is null) return result.ToImmutable();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Children.Count; i++)
        {
            var m = new YamlFields(root.File, $"markets[{i}]", list.Children[i]);
            var name = m.String("name", "the market's name");
            if (!seen.Add(name)) throw m.Error(m.Node, $"markets[{i}].name: '{name}' is used twice");
            MarketKind kind;
            int netuid = 0;
            string? feed = null, feeder = null;
            long postEvery = 1;
            if (m.Has("subnet") == m.Has("feed")) throw m.Error(m.Node, $"markets[{i}]: give either subnet (a netuid: the pool is traded toward the price) or feed (a price feed's name)");
            if (m.Has("subnet"))
            {
                kind = MarketKind.Subnet;
                netuid = (int)m.Long("subnet", 0, 65_535);
            }
            else
            {
                kind = MarketKind.Feed;
                feed = m.String("feed", "the feed's name");
                feeder = m.String("feeder", "the account that posts the price (the feed's feeder)");
                postEvery = m.Long("postEveryBlocks", 1, 1_000_000, 1);
            }
            bool pin = m.Bool("pin", false);
            if (pin && kind != MarketKind.Subnet) throw m.Error(m.Node, $"markets[{i}].pin: only a subnet market's pool can be pinned");
            double initial = m.Double("initialPrice", 0, 1e12, 0);
            Fixed? setupPrice = null;
            if (m.Optional("setupPrice") is { } setupNode)
            {
                if (!pin) throw m.Error(setupNode, $"markets[{i}].setupPrice: only a pinned pool has a setup price (the pin trades to it before the agents' setup)");
                var text = m.Scalar(setupNode, m.Field("setupPrice"), "a price");
                if (!Fixed.TryParse(text, out var sp) || sp.Raw <= 0) throw m.Error(setupNode, $"markets[{i}].setupPrice: expected a positive decimal; got '{YamlFields.Echo(text)}'");
                setupPrice = sp;
            }
            var model = reader.Model(m, blockSeconds, genesis);
            if (initial <= 0 && kind == MarketKind.Feed && model is not ReplayModel)
                throw m.Error(m.Node, $"markets[{i}].initialPrice: missing: a feed market's model needs its starting price");
            bool pinRelative = PinRelative(m, i, pin, model);
            m.RefuseUnknown("name", "subnet", "feed", "feeder", "postEveryBlocks", "pin", "setupPrice", "initialPrice", "model", "pinMode");
            result.Add(new MarketSpec(name, kind, netuid, feed, feeder, postEvery, model, initial, pin, m.Line) { SetupPrice = setupPrice, PinRelative = pinRelative });
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<AgentSpec> ReadAgents(YamlFields root, Reader reader, ImmutableArray<MarketSpec> markets, int blockSeconds)
    {
        var result = ImmutableArray.CreateBuilder<AgentSpec>();
        // A pinned pool is an arbitrageur with no threshold, no latency and a deep purse.
        foreach (var m in markets.Where(m => m.Pin))
            if (m.PinRelative) result.Add(new RelativePinSpec($"pin-{m.Name.Replace('/', '-')}", 1, Amount.Tokens(10_000_000), m.Line, m.Name, m.Netuid) { SetupPrice = m.SetupPrice });
            else result.Add(new ArbitrageurSpec($"pin-{m.Name.Replace('/', '-')}", 1, Amount.Tokens(10_000_000), m.Line, m.Name, 0, Amount.Tokens(10_000_000), Amount.Zero, 0)
                { Netuid = m.Netuid, SetupPrice = m.SetupPrice });
        var list = root.OptionalList("agents", "agent populations");
        if (list is null) return result.ToImmutable();
        var names = new HashSet<string>(result.Select(a => a.Name), StringComparer.Ordinal);
        IReadOnlyCollection<string>? keeperNames = null;
        for (int i = 0; i < list.Children.Count; i++)
        {
            var a = new YamlFields(root.File, $"agents[{i}]", list.Children[i]);
            var kinds = new Dictionary<string, string> { ["arbitrageur"] = "", ["marginTrader"] = "", ["lp"] = "", ["liquidator"] = "", ["perpsTrader"] = "", ["keeper"] = "", ["insuranceManager"] = "", ["pauseVoters"] = "", ["pumpAttacker"] = "", ["launchpad"] = "", ["idoBuyer"] = "", ["actuary"] = "", ["assessor"] = "", ["advisoryBoard"] = "", ["utilizer"] = "", ["underwritingManager"] = "", ["vtHedger"] = "", ["perpsLp"] = "" };
            var kind = a.Enum("kind", kinds.ToDictionary(k => k.Key, k => k.Key));
            var name = a.OptionalString("name", "the population's name (its accounts are NAME-0, NAME-1, …)") ?? kind;
            if (!names.Add(name)) throw a.Error(a.Node, $"agents[{i}].name: '{name}' is used twice (give each population its own name)");
            int count = (int)a.Long("count", 1, 1_000_000, 1);
            var funds = a.Tao("funds", Amount.Zero);
            int line = a.Line;
            AgentSpec spec = kind switch
            {
                "arbitrageur" => Arbitrageur(a, markets, name, count, funds, line),
                "marginTrader" => new MarginTraderSpec(name, count, funds, line,
                    (int)a.Long("netuid", 0, 65_535), reader.Range(a, "collateral").Min, reader.Range(a, "collateral").Max, reader.Leverages(a),
                    a.Double("openProbabilityPerBlock", 0, 1), a.Double("takeProfit", 0, 1000, 0.5), a.Double("stopLoss", 0, 1, 0.5),
                    a.Long("maxHoldBlocks", 1, long.MaxValue, 7_200), a.Long("checkEveryBlocks", 1, long.MaxValue, 10), (int)a.Long("maxSlippageBps", 0, 10_000, 500))
                    {
                        OpenAtSetup = a.Bool("openAtSetup", false),
                        AddCollateralBelowHealth = a.Double("addCollateralBelowHealth", 0, 100, 0),
                        AddCollateralShare = a.Double("addCollateralShare", 0, 100, 0.5),
                        CPythonDrawSeed = CPythonDraws(a),
                    },
                "lp" => new LiquidityProviderSpec(name, count, funds, line, a.Tao("deposit"), a.Tao("step", Amount.Zero),
                    a.Double("addAboveUtilisation", 0, 1, 1), a.Double("withdrawBelowUtilisation", 0, 1, 0), a.Long("checkEveryBlocks", 1, 1_000_000, 300)),
                "perpsLp" => new PerpsLiquidityProviderSpec(name, count, funds, line, a.Tao("deposit"), a.Tao("step", Amount.Zero),
                    a.Double("addAboveUtilisation", 0, 1_000_000, 1_000_000), a.Double("withdrawBelowUtilisation", 0, 1_000_000, 0), a.Long("checkEveryBlocks", 1, 1_000_000, 300)),
                "liquidator" => new LiquidatorSpec(name, count, funds, line, a.OptionalString("keeper", "a keeper's name") ?? "margin.liquidator", (int)a.Long("latencyBlocks", 0, 1000, 0)),
                "perpsTrader" => new PerpsTraderSpec(name, count, funds, line, a.String("market", "the perps market's id"),
                    reader.Range(a, "margin").Min, reader.Range(a, "margin").Max, reader.Leverages(a), a.Double("longShare", 0, 1, 0.5),
                    a.Double("openProbabilityPerBlock", 0, 1), a.Double("meanHoldBlocks", 1, 1e9, 600)),
                "pauseVoters" => new PauseVotersSpec(name, count, funds, line, a.String("body", "the voting body's name"), a.String("target", "what to pause (like perps.open)"),
                    a.Tao("reserveBelow"), a.Double("voteShare", 0, 1, 1), a.Long("checkEveryBlocks", 1, 1_000_000, 10)),
                "pumpAttacker" => new PumpAttackerSpec(name, count, funds, line, (int)a.Long("netuid", 0, 65_535), a.Double("push", 0.0001, 100),
                    a.Tao("collateral"), FixedOf(a, "leverage", "10"), a.Tao("longFunds"), a.Double("meanBlocksBetween", 1, 1e12),
                    a.Long("holdBlocks", 1, long.MaxValue, 100), (int)a.Long("maxSlippageBps", 0, 10_000, 1_000)),
                "launchpad" or "idoBuyer" or "actuary" or "assessor" or "advisoryBoard" => CoverAgentsReader.Read(kind, a, markets, name, count, funds, line),
                "utilizer" => new UtilizerSpec(name, count, funds, line, a.Long("vault", 1, long.MaxValue, 1),
                    (ulong)a.Long("principalMinTao", 1, 1_000_000_000), (ulong)a.Long("principalMaxTao", 1, 1_000_000_000), a.Double("interestRate", 0, 1),
                    a.Long("durationBlocks", 1, 100_000_000), a.Long("graceBlocks", 0, 100_000_000, 0), a.Double("badShare", 0, 1),
                    a.Double("goodDefault", 0, 1), a.Double("badDefault", 0, 1), a.Double("recovery", 0, 1, 0.5), a.Double("meanBlocksBetween", 1, 1e12),
                    a.Long("checkEveryBlocks", 1, 1_000_000, 1)),
                "underwritingManager" => new UnderwritingManagerSpec(name, count, line, a.Long("vault", 1, long.MaxValue, 1), a.Double("accuracy", 0, 1),
                    a.Double("budgetShare", 0, 1), a.Tao("validatorCollateral"), a.Tao("vaultDeposit", Amount.Zero), a.Long("checkEveryBlocks", 1, 1_000_000, 1)),
                "vtHedger" => new VtHedgerSpec(name, count, funds, line, a.Long("vault", 1, long.MaxValue, 1), a.Tao("deposit"), a.Double("lockShare", 0, 1),
                    a.Double("accuracy", 0, 1), a.Double("shortShare", 0, 1), a.Long("checkEveryBlocks", 1, 1_000_000, 1)),
                "insuranceManager" => new InsuranceManagerSpec(a.String("account", "the governor account it signs as (made in genesis)"), line,
                    a.Tao("maxTopUp", Amount.Tokens(1_000_000_000)), a.Long("checkEveryBlocks", 1, 1_000_000, 10)),
                _ => new PeriodicSpec(name, count, funds, line, a.Long("everyBlocks", 1, 100_000_000),
                    [.. a.List("transactions", "transactions").Children.Select((t, j) => reader.Transaction(t, $"agents[{i}].transactions[{j}]"))]),
            };
            if (spec is LiquidatorSpec l)
            {
                var keeperNode = a.Node.Children.TryGetValue(new YamlScalarNode("keeper"), out var kn) ? kn : a.Node;
                keeperNames ??= SimulationEngines.Create(new EngineOptions()).KeeperNames;
                if (!keeperNames.Contains(l.Keeper))
                    throw a.Error(keeperNode, $"agents[{i}].keeper: no keeper '{l.Keeper}'; the modules offer {string.Join(", ", keeperNames)}");
            }
            if (spec is MarginTraderSpec { CPythonDrawSeed: not null } drawn)
            {
                var drawsNode = a.Optional("draws")!;
                if (!drawn.OpenAtSetup)
                    throw a.Error(drawsNode, $"agents[{i}].draws: CPython's draws are the radCAD model's initial book: they need openAtSetup: true");
                if (drawn.Leverages.Any(l => l.Weight != drawn.Leverages[0].Weight))
                    throw a.Error(drawsNode, $"agents[{i}].draws: CPython's choice picks each leverage alike: give every leverage the same weight");
            }
            a.RefuseUnknown();
            result.Add(spec);
        }
        return result.ToImmutable();
    }

    // pinMode: absolute (the default: the pool set to the path's price) or relative (moved by each block's return).
    private static bool PinRelative(YamlFields m, int i, bool pin, IPriceModel model)
    {
        if (m.Optional("pinMode") is not { } node) return false;
        bool relative = m.Enum("pinMode", new Dictionary<string, bool> { ["absolute"] = false, ["relative"] = true });
        if (!pin) throw m.Error(node, $"markets[{i}].pinMode: only a pinned pool has a pin mode (add pin: true)");
        if (relative && model is not CPythonGbmModel)
            throw m.Error(node, $"markets[{i}].pinMode: relative needs a model that gives each block's return exactly (cpythonGbm); '{model.Kind}' does not");
        return relative;
    }

    // draws: {kind: cpython, seed: N} (a marginTrader's setup opens from CPython's Random(N)); absent: Ballast's own draws.
    private static long? CPythonDraws(YamlFields a)
    {
        if (a.Optional("draws") is not { } node) return null;
        var d = new YamlFields(a.File, a.Field("draws"), node);
        d.Enum("kind", new Dictionary<string, string> { ["cpython"] = "cpython" });
        long seed = d.Long("seed", 0, long.MaxValue);
        d.RefuseUnknown("kind", "seed");
        return seed;
    }

    private static Fixed FixedOf(YamlFields a, string name, string fallback)
    {
        var text = a.OptionalString(name, "a decimal") ?? fallback;
        if (!Fixed.TryParse(text, out var value) || value < Fixed.One)
            throw a.Error(a.Optional(name) ?? a.Node, $"{a.Field(name)}: expected a decimal of at least 1; got '{YamlFields.Echo(text)}'");
        return value;
    }

    private static ArbitrageurSpec Arbitrageur(YamlFields a, ImmutableArray<MarketSpec> markets, string name, int count, Amount funds, int line)
    {
        var marketName = a.String("market", "the subnet market it trades toward");
        var market = markets.FirstOrDefault(m => m.Name == marketName);
        if (market is null || market.Kind != MarketKind.Subnet)
            throw a.Error(a.Node, $"{a.Field("market")}: no subnet market '{marketName}' (markets: {string.Join(", ", markets.Where(m => m.Kind == MarketKind.Subnet).Select(m => m.Name))})");
        return new ArbitrageurSpec(name, count, funds, line, marketName, (int)a.Long("thresholdBps", 0, 10_000, 50), a.Tao("maxTrade"),
            a.Tao("alphaInventory", Amount.Zero), (int)a.Long("latencyBlocks", 0, 1000, 0)) { Netuid = market.Netuid };
    }

    private static ImmutableArray<StressEvent> ReadEvents(YamlFields root, Reader reader, ImmutableArray<MarketSpec> markets, long horizon)
    {
        var result = ImmutableArray.CreateBuilder<StressEvent>();
        var list = root.OptionalList("events", "stress events");
        if (list is null) return result.ToImmutable();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var e = new YamlFields(root.File, $"events[{i}]", list.Children[i]);
            long at = e.Long("at", 1, horizon);
            var kind = e.Enum("kind", new Dictionary<string, StressKind> { ["gap"] = StressKind.Gap, ["oracleOutage"] = StressKind.OracleOutage, ["transactions"] = StressKind.Transactions });
            string? market = null;
            double percent = 0;
            long blocks = 0;
            var txs = ImmutableArray<ScenarioTransaction>.Empty;
            if (kind is StressKind.Gap or StressKind.OracleOutage)
            {
                market = e.String("market", "the market's name");
                var spec = markets.FirstOrDefault(m => m.Name == market);
                if (spec is null) throw e.Error(e.Node, $"events[{i}].market: no market '{market}'");
                if (kind == StressKind.OracleOutage && spec.Kind != MarketKind.Feed) throw e.Error(e.Node, $"events[{i}]: an oracle outage needs a feed market; '{market}' is a subnet pool");
                if (kind == StressKind.Gap) percent = e.Double("percent", -99.999, 10_000);
                else blocks = e.Long("blocks", 1, 100_000_000);
            }
            else txs = [.. e.List("transactions", "transactions").Children.Select((t, j) => reader.Transaction(t, $"events[{i}].transactions[{j}]"))];
            e.RefuseUnknown("at", "kind", "market", "percent", "blocks", "transactions");
            result.Add(new StressEvent(at, kind, market, percent, blocks, txs, e.Line));
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<SweepAxis> ReadSweep(YamlFields root, ImmutableArray<string> modules)
    {
        var node = root.Optional("sweep");
        if (node is null) return [];
        var s = new YamlFields(root.File, "sweep", node);
        var result = ImmutableArray.CreateBuilder<SweepAxis>();
        foreach (var (k, v) in s.Node.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            s.Optional(key);
            int dot = key.IndexOf('.');
            if (dot <= 0) throw s.Error(k, $"sweep.{key}: expected module.Parameter (like margin.LiquidationThresholdPpb)");
            var module = key[..dot];
            if (v is not YamlSequenceNode values || values.Children.Count == 0) throw s.Error(v, $"sweep.{key}: expected a list of values");
            var texts = values.Children.Select(x => s.Scalar(x, $"sweep.{key}", "a value").Replace("_", "")).ToImmutableArray();
            foreach (var (text, valueNode) in texts.Zip(values.Children))
            {
                var check = GenesisCheck(new GenesisParameter(module, key[(dot + 1)..], text));
                if (!check.Accepted) throw s.Error(valueNode, $"sweep.{key}: {check.Message}");
            }
            result.Add(new SweepAxis(module, key[(dot + 1)..], texts, (int)k.Start.Line));
        }
        return result.ToImmutable();
    }

    /// <summary>Reads the parts that need the transaction catalog, the data directory or the clock.</summary>
    private sealed class Reader(string file, string directory, TransactionCatalog catalog)
    {
        public ScenarioTransaction Transaction(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping) throw new ScenarioException(file, (int)node.Start.Line, $"{path}: expected {TransactionText}");
            var json = new StringBuilder();
            WriteJson(mapping, json);
            try
            {
                return new ScenarioTransaction(BallastJson.ReadEnvelope(catalog, json.ToString()), (int)node.Start.Line);
            }
            catch (TransactionFormatException e)
            {
                // Point at the field the reader names when the mapping has it; else at the transaction.
                int line = (int)node.Start.Line;
                var first = e.Field.Split('.', '[')[0];
                if (first.Length > 0 && mapping.Children.TryGetValue(new YamlScalarNode(first), out var child)) line = (int)child.Start.Line;
                var problem = e.Field.Length > 0 && e.Problem.StartsWith(e.Field + ": ", StringComparison.Ordinal) ? e.Problem[(e.Field.Length + 2)..] : e.Problem;
                throw new ScenarioException(file, line, $"{path}{(e.Field.Length > 0 ? "." + e.Field : "")}: {problem}");
            }
        }

        private const string TransactionText = "a transaction: a mapping with a type (like ledger.transfer), a sender and its fields";

        private static void WriteJson(YamlNode node, StringBuilder json)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    json.Append('{');
                    bool first = true;
                    foreach (var (k, v) in map.Children)
                    {
                        if (!first) json.Append(',');
                        first = false;
                        json.Append(System.Text.Json.JsonSerializer.Serialize(((YamlScalarNode)k).Value));
                        json.Append(':');
                        WriteJson(v, json);
                    }
                    json.Append('}');
                    break;
                case YamlSequenceNode list:
                    json.Append('[');
                    for (int i = 0; i < list.Children.Count; i++)
                    {
                        if (i > 0) json.Append(',');
                        WriteJson(list.Children[i], json);
                    }
                    json.Append(']');
                    break;
                case YamlScalarNode scalar:
                    var text = scalar.Value ?? "";
                    if (scalar.Style == ScalarStyle.Plain && (text is "true" or "false" or "null" || IsNumber(text))) json.Append(text);
                    else json.Append(System.Text.Json.JsonSerializer.Serialize(text));
                    break;
            }
        }

        private static bool IsNumber(string text)
        {
            if (text.Length == 0) return false;
            int i = text[0] == '-' ? 1 : 0;
            if (i == text.Length) return false;
            bool digits = false, dot = false;
            for (; i < text.Length; i++)
            {
                if (char.IsAsciiDigit(text[i])) digits = true;
                else if (text[i] == '.' && !dot) dot = true;
                else return false;
            }
            return digits && text[^1] != '.';
        }

        public (Amount Min, Amount Max) Range(YamlFields a, string name)
        {
            var r = new YamlFields(file, a.Field(name), a.Required(name, "{min: AMOUNT, max: AMOUNT}"));
            var min = r.Tao("min");
            var max = r.Tao("max");
            if (max < min) throw r.Error(r.Node, $"{a.Field(name)}: max is below min");
            r.RefuseUnknown("min", "max");
            return (min, max);
        }

        public ImmutableArray<LeverageChoice> Leverages(YamlFields a)
        {
            var node = a.Required("leverage", "a mapping from leverage to weight, like {2: 1, 5: 2}");
            var l = new YamlFields(file, a.Field("leverage"), node);
            var result = ImmutableArray.CreateBuilder<LeverageChoice>();
            foreach (var (k, v) in l.Node.Children)
            {
                var text = ((YamlScalarNode)k).Value!;
                l.Optional(text);
                if (!Fixed.TryParse(text, out var leverage) || leverage < Fixed.One)
                    throw l.Error(k, $"{a.Field("leverage")}: expected a leverage of at least 1 (like 2 or 2.5); got '{YamlFields.Echo(text)}'");
                result.Add(new LeverageChoice(leverage, l.DoubleOf(v, l.Field(text), 0, 1e9)));
            }
            if (result.Count == 0 || result.Sum(c => c.Weight) <= 0) throw l.Error(node, $"{a.Field("leverage")}: give at least one leverage with a positive weight");
            return result.ToImmutable();
        }

        public IPriceModel Model(YamlFields market, int blockSeconds, long genesis)
        {
            var node = market.Required("model", "the price model: {kind: gbm|merton|laplace|regimes|bootstrap|replay, …}");
            var m = new YamlFields(file, market.Field("model"), node);
            var kind = m.Enum("kind", new Dictionary<string, string>
                { ["gbm"] = "gbm", ["merton"] = "merton", ["laplace"] = "laplace", ["regimes"] = "regimes", ["bootstrap"] = "bootstrap", ["replay"] = "replay",
                  ["cpythonGbm"] = "cpythonGbm" });
            double blocksPerYear = Calibration.SecondsPerYear / blockSeconds;
            double Drift(YamlFields f) => f.Double("driftPerYear", -100, 100, 0) / blocksPerYear;
            double Vol(YamlFields f) => f.Double("volatilityPerYear", 0, 100) / Math.Sqrt(blocksPerYear);
            IPriceModel model;
            switch (kind)
            {
                case "gbm":
                    model = new GbmModel(Drift(m), Vol(m));
                    m.RefuseUnknown("kind", "driftPerYear", "volatilityPerYear");
                    break;
                case "merton":
                    model = new MertonJumpModel(Drift(m), Vol(m), m.Double("jumpsPerYear", 0, 1e6) / blocksPerYear, m.Double("jumpMean", -10, 10), m.Double("jumpStd", 0, 10));
                    m.RefuseUnknown("kind", "driftPerYear", "volatilityPerYear", "jumpsPerYear", "jumpMean", "jumpStd");
                    break;
                case "cpythonGbm":
                    // The radCAD anchor's market: CPython's Random(seed).gauss each block, σ per block as the model writes it.
                    model = new CPythonGbmModel(m.Long("seed", 0, long.MaxValue), m.Double("volatilityPerBlock", 0, 10));
                    m.RefuseUnknown("kind", "seed", "volatilityPerBlock");
                    break;
                case "laplace":
                    // Scale b from the volatility: Var = 2b².
                    model = new LaplaceModel(Drift(m), Vol(m) / Math.Sqrt(2));
                    m.RefuseUnknown("kind", "driftPerYear", "volatilityPerYear");
                    break;
                case "regimes":
                    var list = m.List("regimes", "regimes");
                    var regimes = ImmutableArray.CreateBuilder<Regime>();
                    for (int i = 0; i < list.Children.Count; i++)
                    {
                        var r = new YamlFields(file, m.Field($"regimes[{i}]"), list.Children[i]);
                        regimes.Add(new Regime(r.OptionalString("name", "a label") ?? $"regime {i}", Drift(r), Vol(r), r.Double("meanDurationDays", 1e-6, 1e5) * 86_400 / blockSeconds));
                        r.RefuseUnknown("name", "driftPerYear", "volatilityPerYear", "meanDurationDays");
                    }
                    if (regimes.Count == 0) throw m.Error(list, $"{m.Field("regimes")}: give at least one regime");
                    model = new RegimeSwitchingModel(regimes.ToImmutable());
                    m.RefuseUnknown("kind", "regimes");
                    break;
                case "bootstrap":
                    var series = Series(m);
                    long spacing = series.MedianSpacingSeconds();
                    model = new BlockBootstrapModel(series.LogReturns(), (int)m.Long("blockLength", 1, 1_000_000, (long)Math.Max(1, Math.Round(Math.Cbrt(series.Points.Length)))),
                        (int)Math.Max(1, spacing / blockSeconds));
                    m.RefuseUnknown("kind", "file", "column", "blockLength");
                    break;
                default:
                    var replaySeries = Series(m);
                    long? start = m.Optional("start") is { } startNode
                        ? DateTimeOffset.TryParse(m.Scalar(startNode, m.Field("start"), "a UTC time"), CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t.ToUnixTimeSeconds()
                            : throw m.Error(startNode, $"{m.Field("start")}: expected a UTC time such as 2025-02-20T00:00:00Z")
                        : null;
                    Fixed? scale = null;
                    if (m.Optional("scale") is { } scaleNode)
                    {
                        var scaleText = m.Scalar(scaleNode, m.Field("scale"), "a positive decimal");
                        if (!Fixed.TryParse(scaleText, out var f) || f.Raw <= 0) throw m.Error(scaleNode, $"{m.Field("scale")}: expected a positive decimal; got '{YamlFields.Echo(scaleText)}'");
                        scale = f;
                    }
                    try
                    {
                        model = replaySeries.ToReplay(blockSeconds, start, scale);
                    }
                    catch (FormatException e)
                    {
                        throw m.Error(m.Node, $"{m.Field("start")}: {e.Message}");
                    }
                    m.RefuseUnknown("kind", "file", "column", "start", "scale");
                    break;
            }
            return model;
        }

        private PriceSeries Series(YamlFields m)
        {
            var fileNode = m.Required("file", "a CSV file (relative to the scenario)");
            var relative = m.Scalar(fileNode, m.Field("file"), "a CSV file");
            var column = m.String("column", "the price column (like sn3 or close)");
            var path = Path.GetFullPath(Path.Combine(directory, relative));
            if (!File.Exists(path)) throw m.Error(fileNode, $"{m.Field("file")}: no file {relative} (looked for {path})");
            try
            {
                return PriceSeries.Read(path, column);
            }
            catch (FormatException e)
            {
                throw m.Error(fileNode, $"{m.Field("file")}: {e.Message}");
            }
        }
    }
}

using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Scenarios;

/// <summary>A bad scenario is refused before any work with <c>FILE:LINE: problem</c>; each case names its line.</summary>
public class ScenarioErrorTests
{
    private const string Valid = """
        name: tiny
        horizon: { blocks: 10 }
        modules:
          subnets: {}
          margin:
            preset: mainnet
        """;

    private static ScenarioException Refused(string text) =>
        Should.Throw<ScenarioException>(() => ScenarioLoader.Load("bad.yaml", text, Path.Combine(Repo.Root, "scenarios")));

    [Fact]
    public void The_valid_base_loads()
    {
        var s = ScenarioLoader.Load("ok.yaml", Valid, Repo.Root);
        s.HorizonBlocks.ShouldBe(10);
        s.Modules.ShouldBe(["subnets", "margin"]);
        s.Genesis.Length.ShouldBe(1); // the preset
    }

    [Theory]
    [InlineData("colour: blue", 7, "colour: unknown field; expected one of name, description")]
    [InlineData("paths: 0", 7, "paths: expected an integer from 1 to 1000000; got '0'")]
    [InlineData("seed: -3", 7, "seed: expected a whole number (0 to 2^64−1); got '-3'")]
    [InlineData("genesisTime: yesterday", 7, "genesisTime: expected a UTC time such as 2025-02-20T00:00:00Z; got 'yesterday'")]
    [InlineData("name: again", 7, "not valid YAML: Duplicate key")]
    public void A_bad_top_level_field_names_its_line(string extra, int line, string problem)
    {
        var e = Refused(Valid + "\n" + extra);
        e.Line.ShouldBe(line);
        e.Problem.ShouldStartWith(problem);
        e.Message.ShouldStartWith($"bad.yaml:{line}: ");
    }

    [Fact]
    public void A_missing_name_is_reported_at_the_top()
    {
        var e = Refused("horizon: { blocks: 10 }\nmodules: { subnets: {} }\n");
        e.Message.ShouldBe("bad.yaml:1: name: missing: the scenario's name");
    }

    [Fact]
    public void Yaml_that_does_not_parse_names_its_line()
    {
        var e = Refused("name: x\nhorizon:\n  blocks: 10\n   days: 2\nmodules: {}\n");
        e.Line.ShouldBe(4);
        e.Problem.ShouldStartWith("not valid YAML");
        e = Refused("name: x\nhorizon: { blocks: 10\nmodules: {}\n");
        e.Problem.ShouldStartWith("not valid YAML: the file ends inside an unclosed bracket");
    }

    [Fact]
    public void An_unknown_module_names_the_modules()
    {
        var e = Refused("name: x\nhorizon: { blocks: 10 }\nmodules:\n  subnets: {}\n  lending: {}\n");
        e.Message.ShouldBe("bad.yaml:5: modules.lending: unknown module; expected one of subnets, margin, perps, insurance, risk, cover, capital, underwriting");
    }

    [Fact]
    public void A_parameter_out_of_its_declared_range_is_refused_by_the_modules_parameter_set()
    {
        var e = Refused(Valid + "\n    parameters:\n      MaxLeverage: \"1000000\"\n");
        e.Line.ShouldBe(8);
        e.Problem.ShouldStartWith("modules.margin.parameters.MaxLeverage: ");
        e.Problem.ShouldContain("MaxLeverage");
    }

    [Fact]
    public void An_unknown_parameter_and_an_unknown_preset_are_refused()
    {
        Refused(Valid + "\n    parameters:\n      Colour: \"1\"\n").Line.ShouldBe(8);
        var e = Refused(Valid.Replace("preset: mainnet", "preset: moon"));
        e.Line.ShouldBe(6);
        e.Problem.ShouldStartWith("modules.margin.preset: ");
    }

    [Fact]
    public void A_transaction_in_the_engines_format_is_checked_by_the_same_reader_as_exec()
    {
        var e = Refused(Valid + """

            setup:
              - - type: subnets.register
                  sender: owner
                  netuid: 3
                  taoReserve: lots
                  price: "0.05"
            """);
        e.Line.ShouldBe(11);
        e.Problem.ShouldBe("setup[0][0].taoReserve: \"lots\" is not an amount: write whole units (digits only) or tokens with a unit word, like \"1.5 TAO\"");
    }

    [Fact]
    public void An_unknown_transaction_type_names_its_line()
    {
        var e = Refused(Valid + "\ngenesis:\n  - { type: ledger.mint, name: x }\n");
        e.Line.ShouldBe(8);
        e.Problem.ShouldStartWith("genesis[0].type: ");
    }

    [Fact]
    public void An_agent_that_trades_a_market_the_scenario_lacks_is_refused()
    {
        var e = Refused(Valid + "\nagents:\n  - kind: arbitrageur\n    market: SN9\n    maxTrade: 10 TAO\n");
        e.Line.ShouldBe(8);
        e.Problem.ShouldBe("agents[0].market: no subnet market 'SN9' (markets: )");
    }

    [Fact]
    public void An_unknown_agent_kind_and_an_unknown_keeper_are_refused()
    {
        Refused(Valid + "\nagents:\n  - kind: whale\n").Problem.ShouldStartWith("agents[0].kind: expected one of arbitrageur, marginTrader, lp, liquidator, perpsTrader, keeper, insuranceManager, pauseVoters, pumpAttacker, launchpad, idoBuyer, actuary, assessor, advisoryBoard, utilizer, underwritingManager, vtHedger, perpsLp; got 'whale'");
        var e = Refused(Valid + "\nagents:\n  - kind: liquidator\n    keeper: perps.liquidator\n");
        e.Line.ShouldBe(9);
        e.Problem.ShouldStartWith("agents[0].keeper: no keeper 'perps.liquidator'; the modules offer cover.settler, margin.liquidator");
    }

    [Fact]
    public void A_pump_attacker_with_a_leverage_below_one_or_without_collateral_is_refused()
    {
        const string attacker = "\nagents:\n  - kind: pumpAttacker\n    netuid: 3\n    push: 0.3\n    collateral: 50 TAO\n    longFunds: 100 TAO\n    meanBlocksBetween: 100\n";
        var e = Refused(Valid + attacker + "    leverage: \"0.5\"\n");
        e.Line.ShouldBe(14);
        e.Problem.ShouldBe("agents[0].leverage: expected a decimal of at least 1; got '0.5'");
        Refused(Valid + attacker.Replace("    collateral: 50 TAO\n", "")).Problem.ShouldStartWith("agents[0].collateral");
    }

    [Fact]
    public void An_event_after_the_horizon_is_refused()
    {
        var e = Refused(Valid + "\nevents:\n  - { at: 11, kind: transactions, transactions: [] }\n");
        e.Line.ShouldBe(8);
        e.Problem.ShouldBe("events[0].at: expected an integer from 1 to 10; got '11'");
    }

    [Fact]
    public void A_model_whose_file_is_missing_or_whose_column_is_unknown_is_refused()
    {
        var market = "\nmarkets:\n  - name: SN3\n    subnet: 3\n    model: { kind: replay, file: FILE, column: COLUMN }\n";
        var e = Refused(Valid + market.Replace("FILE", "nowhere.csv").Replace("COLUMN", "sn3"));
        e.Line.ShouldBe(10);
        e.Problem.ShouldStartWith("markets[0].model.file: no file nowhere.csv");
        var csv = "data/alpha_price_tao_2min_20250220_20250226_sn3.csv";
        e = Refused(Valid + market.Replace("FILE", csv).Replace("COLUMN", "sn999"));
        e.Problem.ShouldContain("no column 'sn999'");
    }

    [Fact]
    public void A_gbm_without_its_volatility_is_refused()
    {
        var e = Refused(Valid + "\nmarkets:\n  - name: SN3\n    subnet: 3\n    model:\n      kind: gbm\n      driftPerYear: 0\n");
        e.Line.ShouldBe(11);
        e.Problem.ShouldBe("markets[0].model.volatilityPerYear: missing: a number from 0 to 100");
    }

    [Fact]
    public void A_setup_transaction_the_engine_refuses_stops_the_run_before_the_paths_naming_its_line()
    {
        var s = ScenarioLoader.Load("bad.yaml", Valid + "\nsetup:\n  - - { type: margin.deposit, sender: nobody, amount: 5 TAO }\n", Repo.Root);
        var e = Should.Throw<ScenarioException>(() => new MonteCarlo(s, 1).Run());
        e.Line.ShouldBe(8);
        e.Problem.ShouldStartWith("setup transaction (margin.deposit from 'nobody') refused at setup: ");
    }
}

using Ballast.Simulation.Agents;
using Ballast.Simulation.Prices;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Scenarios;

/// <summary>The scenario fields of CPython's draws (<c>cpythonGbm</c>, <c>draws: {kind: cpython}</c>, <c>pinMode</c>): read, and refused with their line.</summary>
public class CPythonDrawsScenarioTests
{
    private static string Scenario(string model = "{ kind: cpythonGbm, seed: 8, volatilityPerBlock: 0.004 }", string pin = "pin: true\n    pinMode: relative",
        string draws = "draws: { kind: cpython, seed: 1 }", string trader = "openAtSetup: true", string leverage = "{ \"2\": 1, \"3\": 1 }") => $$"""
        name: tiny
        horizon: { blocks: 10 }
        modules:
          subnets: {}
          margin:
            preset: mainnet
        markets:
          - name: SN3
            subnet: 3
            {{pin}}
            model: {{model}}
        agents:
          - kind: marginTrader
            name: long
            count: 3
            netuid: 3
            collateral: { min: 1 TAO, max: 50 TAO }
            leverage: {{leverage}}
            openProbabilityPerBlock: 0
            {{trader}}
            {{draws}}
        """;

    private static ScenarioException Refused(string text) =>
        Should.Throw<ScenarioException>(() => ScenarioLoader.Load("bad.yaml", text, Repo.Root));

    [Fact]
    public void The_fields_load_into_the_model_the_pin_and_the_traders_seed()
    {
        var s = ScenarioLoader.Load("ok.yaml", Scenario(), Repo.Root);
        s.Markets[0].Model.ShouldBe(new CPythonGbmModel(8, 0.004));
        s.Markets[0].PinRelative.ShouldBeTrue();
        s.Agents.OfType<RelativePinSpec>().Single().Market.ShouldBe("SN3");
        s.Agents.OfType<ArbitrageurSpec>().ShouldBeEmpty();
        s.Agents.OfType<MarginTraderSpec>().Single().CPythonDrawSeed.ShouldBe(1);
        // Without pinMode the pin is the absolute one (an arbitrageur) and the traders draw Ballast's own numbers.
        var plain = ScenarioLoader.Load("ok.yaml", Scenario(pin: "pin: true", draws: ""), Repo.Root);
        plain.Markets[0].PinRelative.ShouldBeFalse();
        plain.Agents.OfType<ArbitrageurSpec>().Single().Name.ShouldBe("pin-SN3");
        plain.Agents.OfType<MarginTraderSpec>().Single().CPythonDrawSeed.ShouldBeNull();
    }

    [Theory]
    [InlineData("model", "{ kind: cpythonGbm, seed: -1, volatilityPerBlock: 0.004 }", 12, "markets[0].model.seed: expected")]
    [InlineData("model", "{ kind: cpythonGbm, seed: 8 }", 12, "markets[0].model.volatilityPerBlock: missing")]
    [InlineData("model", "{ kind: cpythonGbm, seed: 8, volatilityPerBlock: 0.004, driftPerYear: 1 }", 12, "markets[0].model.driftPerYear: unknown field")]
    [InlineData("model", "{ kind: gbm, volatilityPerYear: 1 }", 11, "markets[0].pinMode: relative needs a model that gives each block's return exactly (cpythonGbm); 'gbm' does not")]
    [InlineData("pin", "pin: false\n    pinMode: relative", 11, "markets[0].pinMode: only a pinned pool has a pin mode")]
    [InlineData("pin", "pin: true\n    pinMode: sideways", 11, "markets[0].pinMode: expected one of absolute, relative")]
    [InlineData("draws", "draws: { kind: numpy, seed: 1 }", 22, "agents[0].draws.kind: expected one of cpython")]
    [InlineData("draws", "draws: { kind: cpython }", 22, "agents[0].draws.seed: missing")]
    [InlineData("trader", "openAtSetup: false", 22, "agents[0].draws: CPython's draws are the radCAD model's initial book: they need openAtSetup: true")]
    [InlineData("leverage", "{ \"2\": 1, \"3\": 2 }", 22, "agents[0].draws: CPython's choice picks each leverage alike: give every leverage the same weight")]
    public void A_bad_field_names_its_line(string field, string text, int line, string problem)
    {
        var scenario = field switch
        {
            "model" => Scenario(model: text),
            "pin" => Scenario(pin: text),
            "draws" => Scenario(draws: text),
            "trader" => Scenario(trader: text),
            _ => Scenario(leverage: text),
        };
        var e = Refused(scenario);
        e.Problem.ShouldStartWith(problem);
        e.Line.ShouldBe(line);
    }
}

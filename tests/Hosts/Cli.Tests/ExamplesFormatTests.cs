using Ballast.Core.Scripting;
using Ballast.Core.Serialization;

namespace Ballast.Cli.Tests;

/// <summary>The bundled examples in the strict format: they read, and every transaction writes back to what reads equal.</summary>
public class ExamplesFormatTests
{
    [Theory]
    [InlineData("subnets.json")]
    [InlineData("governance.json")]
    [InlineData("margin-lifecycle.json")]
    [InlineData("lih-gap.json")]
    public void Every_transaction_of_an_example_round_trips_through_the_writer(string example)
    {
        var engine = Engines.Create(new Ballast.Core.Blocks.EngineOptions());
        var script = ScriptParser.Parse(File.ReadAllBytes(ExecRunner.Example(example)), engine.Catalog, engine.KeeperNames.ToList());
        var envelopes = script.Genesis.Concat(script.Steps.SelectMany(s => s.Block ?? [])).ToList();
        envelopes.ShouldNotBeEmpty();
        foreach (var envelope in envelopes)
        {
            var json = BallastJson.WriteEnvelope(engine.Catalog, envelope);
            var again = BallastJson.ReadEnvelope(engine.Catalog, json);
            (again.Sender, again.Nonce, again.Payload.GetType()).ShouldBe((envelope.Sender, envelope.Nonce, envelope.Payload.GetType()));
            BallastJson.WriteEnvelope(engine.Catalog, again).ShouldBe(json);
        }
    }
}

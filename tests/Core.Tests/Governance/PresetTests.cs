using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.Governance;

public class PresetTests
{
    [Fact]
    public void Genesis_preset_replaces_the_whole_parameter_record()
    {
        var engine = new Engine(new EngineOptions(), new TestModule());
        var results = engine.ApplyGenesis([new GenesisPreset(TestModule.ModuleName, "cautious").AsGenesis()]);
        results[0].Accepted.ShouldBeTrue(results[0].ToString());
        engine.Parameters.Get<TestParams>().ShouldBe(TestParams.Cautious);
        engine.Events.Records.Select(r => r.Event).OfType<PresetApplied>().Single().Preset.ShouldBe("cautious");
    }

    [Fact]
    public void Preset_is_genesis_only()
    {
        var engine = new Engine(new EngineOptions(), new TestModule());
        engine.ApplyGenesis([]);
        var result = engine.ExecuteBlock([new GenesisPreset(TestModule.ModuleName, "cautious").AsGenesis()]).Results[0];
        result.Error.ShouldBe(CoreErrors.GenesisOnly);
        engine.Parameters.Get<TestParams>().ShouldBe(TestParams.Default);
    }
}

using Ballast.Core.Blocks;
using Ballast.Core.State.Persistence;
using Shouldly;

namespace Ballast.Cli.Tests;

/// <summary>
/// Every exec example's final state — all eight modules, the underwriting book, cover claims and capital records
/// included — written to a state file (the node's snapshots and `--state`) and loaded into a fresh engine: the same
/// state hash, and written back the same bytes.
/// </summary>
public class StateFileExamplesTests
{
    [Theory]
    [InlineData("subnets.json")]
    [InlineData("margin-lifecycle.json")]
    [InlineData("lih-gap.json")]
    [InlineData("capital-record.json")]
    [InlineData("cover.json")]
    [InlineData("underwriting.json")]
    public void An_examples_final_state_round_trips_through_the_state_file(string example)
    {
        Engine? ran = null;
        var outcome = ExecRunner.RunBytes(example, File.ReadAllBytes(ExecRunner.Example(example)),
            options => ran = Engines.Create(options));
        outcome.ExitCode.ShouldBe(0, outcome.Stderr);
        ran.ShouldNotBeNull();

        var bytes = EngineStateFile.Write(ran);
        var fresh = Engines.Create(new EngineOptions());
        fresh.StateHash().ShouldNotBe(ran.StateHash());
        EngineStateFile.Load(fresh, bytes);
        fresh.StateHash().ShouldBe(ran.StateHash());
        EngineStateFile.Write(fresh).ShouldBe(bytes);
    }
}

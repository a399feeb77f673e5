using Ballast.Core.Blocks;
using Ballast.Core.Modules;

namespace Ballast.Cli.Tests;

public class ExecMalformedScriptTests
{
    private const string Genesis = """
        {
          "genesis": [
            { "type": "ledger.genesisAccount", "name": "alice", "balances": { "TAO": "10 TAO" } }
          ],
          "steps": [
        """;

    [Theory]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": 5, } ] }""", 6, "not valid JSON: a comma before a closing bracket or brace")]
    [InlineData("""{ "block": [ { "type": "ledger.teleport", "sender": "alice" } ] }""", 6, "steps[0].block[0].type: unknown transaction type \"ledger.teleport\"; ledger has")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO" } ] }""", 6, "steps[0].block[0].amount: missing: ledger.transfer needs an amount")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": 5, "memo": "x" } ] }""", 6, "steps[0].block[0].memo: unknown field: ledger.transfer takes to, token, amount")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": "-5" } ] }""", 6, "steps[0].block[0].amount: \"-5\" is not an amount: a sign is not allowed")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": "0.0000000001 TAO" } ] }""", 6, "more than 9 decimals")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": 5, "amount": 6 } ] }""", 6, "steps[0].block[0].amount: written twice in one object")]
    [InlineData("""{ "block": [], "advance": 3 }""", 6, "steps[0]: a step must have exactly one of")]
    [InlineData("""{ "advance": 0 }""", 6, "steps[0].advance: expected a number of blocks: an integer from 1 to 10000000; got 0")]
    [InlineData("""{ "block": [ { "sender": "alice" } ] }""", 6, "steps[0].block[0].type: missing: a transaction needs a \"type\"")]
    [InlineData("""{ "block": [ { "type": "subnets.swap", "sender": "alice", "netuid": 1, "direction": "sideways", "amountIn": 1, "minAmountOut": 0 } ] }""", 6, "steps[0].block[0].direction: expected one of taoToAlpha, alphaToTao; got \"sideways\"")]
    [InlineData("""{ "block": [ { "type": "subnets.swap", "sender": "alice", "netuid": "1", "direction": "taoToAlpha", "amountIn": 1, "minAmountOut": 0 } ] }""", 6, "steps[0].block[0].netuid: expected an integer from -2147483648 to 2147483647; got \"1\"")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "to": "alice", "token": "TAO", "amount": 5 } ] }""", 6, "steps[0].block[0].sender: missing: ledger.transfer needs the signing account")]
    [InlineData("""{ "block": [ { "type": "governance.propose", "sender": "alice", "multisig": "core", "action": { "type": "governance.pause", "sender": "alice", "target": "subnets" } } ] }""", 6, "steps[0].block[0].action.sender: governance.pause takes no \"sender\" here: a nested governance action runs as the governing account")]
    public void Malformed_step_exits_2_naming_the_line_and_the_problem(string step, int line, string problem)
    {
        var outcome = ExecRunner.RunText(Genesis + "\n    " + step + "\n  ]\n}\n");
        outcome.ExitCode.ShouldBe(2);
        outcome.Stdout.ShouldBeEmpty();
        outcome.Stderr.ShouldContain($".json:{line}: ");
        outcome.Stderr.ShouldContain(problem);
    }

    [Fact]
    public void A_genesis_transaction_with_a_sender_is_malformed()
    {
        var outcome = ExecRunner.RunText("""
            {
              "genesis": [
                { "type": "ledger.genesisAccount", "sender": "mallory", "name": "alice", "balances": {} }
              ],
              "steps": []
            }
            """);
        outcome.ExitCode.ShouldBe(2);
        outcome.Stderr.ShouldContain(".json:3: genesis[0].sender: ledger.genesisAccount is a genesis transaction and takes no \"sender\"");
    }

    [Fact]
    public void A_script_without_steps_is_malformed()
    {
        var outcome = ExecRunner.RunText("""{ "genesis": [] }""");
        outcome.ExitCode.ShouldBe(2);
        outcome.Stderr.ShouldContain(".json:1: steps: missing: a script needs \"steps\"");
    }

    [Fact]
    public void A_missing_file_exits_1_with_a_message()
    {
        var outcome = ExecRunner.RunFile("/nonexistent/ballast-script.json");
        outcome.ExitCode.ShouldBe(1);
        outcome.Stderr.ShouldContain("cannot read");
    }

    [Fact]
    public void Control_characters_in_the_script_are_escaped_in_the_message()
    {
        var outcome = ExecRunner.RunText(Genesis + """
                { "block": [ { "type": "ledger.transfer\u001b[2J", "sender": "alice" } ] }
              ]
            }
            """);
        outcome.ExitCode.ShouldBe(2);
        outcome.Stderr.ShouldContain("unknown transaction type \"ledger.transfer\\u001b[2J\"");
        outcome.Stderr.ShouldNotContain("\u001b");
    }

    [Fact]
    public void A_broken_invariant_exits_3_with_its_message()
    {
        var outcome = ExecRunner.RunBytes("hook.json", """{ "steps": [ { "advance": 1 } ] }"""u8.ToArray(), options => new Engine(options, new FailingHookModule()));
        outcome.ExitCode.ShouldBe(3);
        outcome.Stderr.ShouldContain("ballast exec: engine invariant broken (a bug in Ballast): block 1: the failing block hook failed");
        outcome.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void Any_other_failure_is_caught_at_the_top_as_an_internal_error_exit_3()
    {
        var outcome = ExecRunner.RunBytes("any.json", """{ "steps": [] }"""u8.ToArray(), _ => throw new InvalidOperationException("no engine today"));
        outcome.ExitCode.ShouldBe(3);
        outcome.Stderr.ShouldContain("ballast exec: internal error (a bug in Ballast, please report it with the script): InvalidOperationException: no engine today");
    }

    [Fact]
    public void A_report_that_cannot_be_written_exits_1()
    {
        var script = Path.Combine(Path.GetTempPath(), $"ballast-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(script, Genesis + "\n  ]\n}\n");
        try
        {
            var stderr = new StringWriter();
            int code = ExecCommand.Run(new FileInfo(script), new FileInfo("/nonexistent/dir/out.json"), true, new StringWriter(), stderr);
            code.ShouldBe(1);
            stderr.ToString().ShouldContain("ballast exec: cannot write /nonexistent/dir/out.json");
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>A module whose block hook throws: the engine reports it as a broken invariant.</summary>
    private sealed class FailingHookModule : IModule
    {
        public string Name => "failing";
        public void Configure(ModuleBuilder builder) => builder.OnBlockEnd(_ => throw new InvalidOperationException("deliberately"));
    }

    [Fact]
    public void Rejected_transactions_are_output_not_crashes()
    {
        var outcome = ExecRunner.RunText(Genesis + """
                { "block": [
                  { "type": "ledger.transfer", "sender": "alice", "to": "nobody", "token": "TAO", "amount": "1 TAO" },
                  { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": "11 TAO" },
                  { "type": "ledger.transfer", "sender": "subnet:1:pool", "to": "alice", "token": "TAO", "amount": "1 TAO" },
                  { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": 0 }
                ] }
              ]
            }
            """);
        outcome.ExitCode.ShouldBe(0, outcome.Stderr);
        var codes = outcome.Json.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        codes.ShouldBe(["UnknownAccount", "InsufficientBalance", "UnknownAccount", "ZeroAmount"]);
        outcome.Json.GetProperty("finalState").GetProperty("balances").GetProperty("alice").GetProperty("TAO").GetString().ShouldBe("10000000000");
    }
}

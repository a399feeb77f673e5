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
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": 5, } ] }""", 6, "")]
    [InlineData("""{ "block": [ { "type": "ledger.teleport", "sender": "alice" } ] }""", 6, "unknown transaction type 'ledger.teleport'")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO" } ] }""", 6, "amount")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": 5, "memo": "x" } ] }""", 6, "memo")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": "-5" } ] }""", 6, "not an amount")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "alice", "token": "TAO", "amount": "0.0000000001 TAO" } ] }""", 6, "more than 9 decimals")]
    [InlineData("""{ "block": [], "advance": 3 }""", 6, "exactly one of")]
    [InlineData("""{ "advance": 0 }""", 6, "between 1 and")]
    [InlineData("""{ "block": [ { "sender": "alice" } ] }""", 6, "needs a \"type\"")]
    [InlineData("""{ "block": [ { "type": "subnets.swap", "sender": "alice", "netuid": 1, "direction": "sideways", "amountIn": 1, "minAmountOut": 0 } ] }""", 6, "subnets.swap")]
    [InlineData("""{ "block": [ { "type": "ledger.transfer", "to": "alice", "token": "TAO", "amount": 5 } ] }""", 6, "ledger.transfer: missing \"sender\"")]
    [InlineData("""{ "block": [ { "type": "governance.propose", "sender": "alice", "multisig": "core", "action": { "type": "governance.pause", "sender": "alice", "target": "subnets" } } ] }""", 6, "governance.pause nested in a governance action takes no \"sender\"")]
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
        outcome.Stderr.ShouldContain(".json:3: ledger.genesisAccount is a genesis transaction and takes no \"sender\"");
    }

    [Fact]
    public void A_script_without_steps_is_malformed()
    {
        var outcome = ExecRunner.RunText("""{ "genesis": [] }""");
        outcome.ExitCode.ShouldBe(2);
        outcome.Stderr.ShouldContain("needs \"steps\"");
    }

    [Fact]
    public void A_missing_file_exits_1_with_a_message()
    {
        var outcome = ExecRunner.RunFile("/nonexistent/ballast-script.json");
        outcome.ExitCode.ShouldBe(1);
        outcome.Stderr.ShouldContain("cannot read");
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

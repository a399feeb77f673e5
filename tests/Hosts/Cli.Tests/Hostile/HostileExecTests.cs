using System.Diagnostics;
using Ballast.Core.Tests.Support;

namespace Ballast.Cli.Tests.Hostile;

/// <summary>
/// Malformed and extreme scripts, mutated from the examples and a small script of every module's transactions,
/// through <c>ballast exec</c> on the full engine: each ends in a report (0), a format error naming its line in
/// plain, escaped words (2), or a broken invariant (3) — never a crash, never by the internal-error path, never
/// slowly.
/// </summary>
public class HostileExecTests
{
    /// <summary>A valid script touching every module's transactions and the liquidator keeper, in few blocks.</summary>
    private const string ModulesScript = """
        {
          "description": "every module, briefly",
          "seed": 3,
          "genesisTime": "2025-02-20T00:00:00Z",
          "genesis": [
            { "type": "ledger.genesisAccount", "name": "alice", "balances": { "TAO": "100000 TAO" } },
            { "type": "ledger.genesisAccount", "name": "bob", "balances": { "TAO": "1000 TAO" } },
            { "type": "governance.genesisMultisig", "name": "council", "members": ["alice", "bob"], "threshold": 1 },
            { "type": "governance.genesisRole", "role": "feeder:TAO/USD", "account": "alice" },
            { "type": "prices.genesisFeed", "feed": "TAO/USD", "maxAgeBlocks": 1000 }
          ],
          "steps": [
            { "block": [
              { "type": "subnets.register", "sender": "alice", "netuid": 3, "taoReserve": "1000 TAO", "price": "0.05" },
              { "type": "prices.post", "sender": "alice", "feed": "TAO/USD", "price": "400" },
              { "type": "subnets.swap", "sender": "bob", "netuid": 3, "direction": "taoToAlpha", "amountIn": "10 TAO", "minAmountOut": 0 },
              { "type": "subnets.stake", "sender": "bob", "netuid": 3, "hotkey": "hk", "amount": "1 alpha" },
              { "type": "margin.deposit", "sender": "alice", "amount": "500 TAO" },
              { "type": "margin.open", "sender": "bob", "netuid": 3, "collateral": "5 TAO", "leverage": "2", "maxSlippageBps": 500 },
              { "type": "insurance.fundTreasury", "sender": "alice", "amount": "10 TAO" },
              { "type": "governance.propose", "sender": "alice", "multisig": "council",
                "action": { "type": "governance.pause", "target": "perps" } }
            ] },
            { "advance": 3, "keepers": [ { "keeper": "margin.liquidator", "accounts": ["alice"] } ] },
            { "checkpoint": "after" },
            { "block": [
              { "type": "margin.close", "sender": "bob", "positionId": 1, "maxSlippageBps": 500 },
              { "type": "subnets.swapToPrice", "sender": "alice", "netuid": 3, "targetPrice": "0.06", "maxAmountIn": "100 TAO" }
            ] }
          ]
        }
        """;

    [Fact]
    public void The_modules_script_runs()
    {
        var outcome = ExecRunner.RunBytes("modules.json", System.Text.Encoding.UTF8.GetBytes(ModulesScript));
        outcome.ExitCode.ShouldBe(0, outcome.Stderr);
    }

    [Fact]
    public void Malformed_and_extreme_scripts_end_in_a_report_or_a_plain_error_quickly_never_a_crash()
    {
        const int count = 2_000;
        var bases = new List<(string, string)> { ("modules.json", ModulesScript) };
        bases.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))));

        var failures = new List<string>();
        var outcomes = new int[4];
        foreach (var hostile in HostileScripts.Generate(bases, count, seed: 20_251_010))
        {
            var clock = Stopwatch.StartNew();
            var outcome = ExecRunner.RunBytes("hostile.json", hostile.Bytes);
            clock.Stop();
            if (outcome.ExitCode is >= 0 and < 4) outcomes[outcome.ExitCode]++;
            var problem = HostileScripts.Problem(outcome.ExitCode, outcome.Stderr, clock.Elapsed);
            if (problem is not null) failures.Add($"#{hostile.Index} {hostile.Base} ({hostile.Mutation}): {problem}");
        }
        failures.ShouldBeEmpty($"{failures.Count} of {count} failed; first ones:\n{string.Join("\n", failures.Take(10))}");
        outcomes[2].ShouldBeGreaterThan(count / 2, "most mutants are malformed");
        outcomes[0].ShouldBeGreaterThan(0, "some mutants still run");
    }
}

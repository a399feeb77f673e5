using System.Diagnostics;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Scripting;
using Ballast.Core.Serialization;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.Scripting;

/// <summary>
/// Thousands of malformed and extreme scripts through what <c>ballast exec</c> does, on an engine with the core
/// modules only (the CLI's own test runs them on every module): each ends as a report (0), a format error that
/// names its line in plain, escaped words (2), or a broken invariant (3), quickly, and never as a crash.
/// </summary>
public class HostileScriptTests
{
    /// <summary>A valid script of core transactions: accounts, a multisig and a voting body, a feed, nested actions, every step kind.</summary>
    public const string CoreScript = """
        {
          "description": "core transactions only",
          "seed": 42,
          "genesisTime": "2025-03-01T00:00:00Z",
          "blockSeconds": 12,
          "genesis": [
            { "type": "ledger.genesisAccount", "name": "alice", "balances": { "TAO": "1000 TAO" } },
            { "type": "ledger.genesisAccount", "name": "bob", "balances": { "TAO": "500 TAO" } },
            { "type": "governance.genesisMultisig", "name": "council", "members": ["alice", "bob"], "threshold": 2, "timelockBlocks": 2 },
            { "type": "governance.genesisVotingBody", "name": "holders", "token": "TAO", "quorumBps": 2000, "supermajorityBps": 6667, "votingPeriodBlocks": 3, "roles": ["guardian"] },
            { "type": "governance.genesisRole", "role": "feeder:TAO/USD", "account": "alice" },
            { "type": "prices.genesisFeed", "feed": "TAO/USD", "maxAgeBlocks": 100 }
          ],
          "steps": [
            { "block": [
              { "type": "ledger.transfer", "sender": "alice", "to": "bob", "token": "TAO", "amount": "1.5 TAO" },
              { "type": "ledger.openAccount", "sender": "bob", "name": "carol" },
              { "type": "prices.post", "sender": "alice", "feed": "TAO/USD", "price": "412.25" },
              { "type": "governance.propose", "sender": "alice", "multisig": "council",
                "action": { "type": "governance.grantRole", "role": "guardian", "account": "carol" } },
              { "type": "governance.createVote", "sender": "bob", "body": "holders",
                "action": { "type": "governance.pause", "target": "ledger.transfer" } }
            ] },
            { "block": [
              { "type": "governance.approve", "sender": "bob", "proposalId": 1 },
              { "type": "governance.castVote", "sender": "alice", "voteId": 1, "support": true, "amount": "900 TAO" },
              { "type": "ledger.transfer", "sender": "bob", "to": "alice", "token": "TAO", "amount": 250000000, "nonce": 3 }
            ] },
            { "checkpoint": "voted" },
            { "advance": 4 },
            { "block": [
              { "type": "governance.execute", "sender": "alice", "proposalId": 1 },
              { "type": "governance.executeVote", "sender": "bob", "voteId": 1 },
              { "type": "governance.withdrawVote", "sender": "alice", "voteId": 1 },
              { "type": "ledger.transfer", "sender": "alice", "to": "bob", "token": "TAO", "amount": "1 TAO" }
            ] },
            { "advance": 2 }
          ]
        }
        """;

    public const int Count = 2_400;

    [Fact]
    public void The_core_script_runs()
    {
        var (code, stderr) = Exec("core.json", System.Text.Encoding.UTF8.GetBytes(CoreScript));
        code.ShouldBe(0, stderr);
    }

    [Fact]
    public void Malformed_and_extreme_scripts_end_in_a_report_or_a_plain_error_quickly_never_a_crash()
    {
        var bases = new List<(string, string)> { ("core.json", CoreScript) };
        bases.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))));
        bases.Count.ShouldBeGreaterThan(1, "the examples are copied next to the tests");

        var failures = new List<string>();
        var outcomes = new int[4];
        foreach (var hostile in HostileScripts.Generate(bases, Count, seed: 20_250_220))
        {
            var clock = Stopwatch.StartNew();
            var (code, stderr) = Exec("hostile.json", hostile.Bytes);
            clock.Stop();
            outcomes[code]++;
            var problem = HostileScripts.Problem(code, stderr, clock.Elapsed);
            if (problem is not null) failures.Add($"#{hostile.Index} {hostile.Base} ({hostile.Mutation}): {problem}");
        }
        failures.ShouldBeEmpty($"{failures.Count} of {Count} failed; first ones:\n{string.Join("\n", failures.Take(10))}");
        outcomes[2].ShouldBeGreaterThan(Count / 2, "most mutants are malformed");
        outcomes[0].ShouldBeGreaterThan(0, "some mutants still run");
    }

    /// <summary>
    /// What <c>ballast exec</c> does with a script's bytes, on the core modules: run and write the report (0), or the
    /// format error as <c>FILE:LINE: problem</c> (2), or the broken invariant (3). Anything else is a crash: the
    /// CLI would call it an internal error; here it fails the test with its stack.
    /// </summary>
    private static (int Code, string Stderr) Exec(string name, byte[] bytes)
    {
        try
        {
            var report = ScriptRunner.Run(bytes, options => new Engine(options));
            JsonSerializer.Serialize(report, BallastJson.Options(new TransactionCatalog()));
            return (0, "");
        }
        catch (TransactionFormatException e)
        {
            return (2, $"{name}:{e.Line}: {e.Problem}\n");
        }
        catch (InvariantViolationException e)
        {
            return (3, $"ballast exec: engine invariant broken (a bug in Ballast): {ScriptText.Clean(e.Message)}\n");
        }
        catch (Exception e)
        {
            return (3, $"internal error: {e}");
        }
    }
}

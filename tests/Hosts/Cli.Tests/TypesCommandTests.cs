using Ballast.Core.Blocks;

namespace Ballast.Cli.Tests;

public class TypesCommandTests
{
    private static List<string> Headings(string text, string section)
    {
        var lines = text.Split('\n');
        int start = Array.IndexOf(lines, $"## {section}");
        start.ShouldBeGreaterThanOrEqualTo(0, $"section {section}");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.Length > 0 && !l.StartsWith(' ')).Select(l => l.Split(' ')[0]).ToList();
    }

    [Fact]
    public void Types_lists_every_transaction_query_and_event_of_every_module_with_fields()
    {
        var text = TypesCommand.Describe();
        var engine = Engines.Create(new EngineOptions());
        Headings(text, "Transactions").ShouldBe(engine.Catalog.Names.ToList());
        Headings(text, "Queries").ShouldBe(engine.Queries.Names.ToList());
        Headings(text, "Events").ShouldBe(engine.EventCatalog.Names.ToList());
        text.ShouldContain("subnets.swap\n    sender: string, nonce?: integer, netuid: integer, direction: taoToAlpha|alphaToTao, amountIn: amount (token units, 9 decimals), minAmountOut: amount (token units, 9 decimals)");
        text.ShouldContain("ledger.balance\n    in:  account: string, token: string\n    out: BalanceView { account: string, token: string, balance: amount (token units, 9 decimals) }");
        text.ShouldContain("ledger.transferred\n    from: string, to: string, token: string, amount: amount (token units, 9 decimals)");
        foreach (var module in engine.ModuleNames)
        {
            engine.Queries.All.ShouldContain(q => q.Module == module, $"module {module} declares no query");
            engine.EventCatalog.All.ShouldContain(e => e.Module == module, $"module {module} declares no event");
        }
    }

    [Fact]
    public void Types_shows_the_ports_and_the_block_hook_order_the_port_graph_gives()
    {
        var text = TypesCommand.Describe();
        text.ShouldContain("block hooks run in this order: subnets -> margin -> perps -> insurance -> risk");
        text.ShouldContain("ISubnetMarkets  provided by subnets; required by");
        foreach (var port in Engines.Create(new EngineOptions()).Ports) text.ShouldContain($"{port.Port.Name}  provided by {port.Provider}");
    }

    [Fact]
    public void Types_prints_the_summaries_from_the_code_documentation()
    {
        TypesCommand.Describe().ShouldContain("ledger.transfer\n    sender: string, nonce?: integer, to: string, token: string, amount: amount (token units, 9 decimals)\n    Moves Amount of Token from the sender to To.");
    }
}

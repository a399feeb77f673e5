using Ballast.Core.Blocks;

namespace Ballast.Cli.Tests;

public class TypesCommandTests
{
    [Fact]
    public void Types_lists_every_transaction_the_engine_accepts_with_its_fields()
    {
        var text = TypesCommand.Describe();
        var engine = Engines.Create(new EngineOptions());
        var headings = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ')).Select(l => l.Split(' ')[0]).ToList();
        headings.ShouldBe(engine.Catalog.Names.ToList());
        text.ShouldContain("subnets.swap\n    sender: string, netuid: integer, direction: taoToAlpha|alphaToTao, amountIn: amount, minAmountOut: amount");
    }
}

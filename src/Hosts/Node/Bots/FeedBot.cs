using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Ballast.Node.Bots;

/// <summary>
/// <c>ballast feed</c>: replays a price series (a CSV of <c>../shared/data/market/</c>, one column) into a price feed at
/// block pace: one <c>prices.post</c> per new block, signed by the feeder's key, until the series ends.
/// </summary>
public static class FeedBot
{
    /// <summary>The prices of <paramref name="column"/> (by header name) in file order; rows without a number are skipped.</summary>
    public static IReadOnlyList<string> ReadSeries(string csvPath, string column)
    {
        using var reader = new StreamReader(csvPath);
        var header = reader.ReadLine()?.Split(',') ?? throw new FormatException($"{csvPath} is empty");
        int index = Array.FindIndex(header, h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new FormatException($"{csvPath} has no column '{column}' (it has {string.Join(", ", header)})");
        var prices = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var cells = line.Split(',');
            if (index < cells.Length && decimal.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price > 0)
                prices.Add(price.ToString(CultureInfo.InvariantCulture));
        }
        return prices;
    }

    public static async Task<int> Run(NodeClient node, BotKey key, string feed, IReadOnlyList<string> prices, TextWriter log, CancellationToken cancel)
    {
        var (chainId, _) = await node.Chain(cancel);
        ulong nonce = await node.Nonce(key.Account, cancel);
        int posted = 0;
        foreach (var price in prices)
        {
            var (status, answer) = await node.Submit(chainId, key, nonce, new JsonObject { ["type"] = "prices.post", ["feed"] = feed, ["price"] = price }, wait: true, cancel);
            if (status != HttpStatusCode.OK)
            {
                log.WriteLine($"{feed} {price}: {status} {answer.GetProperty("code").GetString()}: {answer.GetProperty("detail").GetString()}");
                if (status != HttpStatusCode.UnprocessableEntity) return posted;
            }
            else
            {
                posted++;
                log.WriteLine($"block {answer.GetProperty("block").GetInt64()}: {feed} = {price}");
            }
            // The post waited for its block, so the next one lands in a later block: one price per block, in any mining mode.
            nonce++;
        }
        return posted;
    }
}

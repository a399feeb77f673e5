using Ballast.Core.Blocks;
using Ballast.Core.Prices;

namespace Ballast.Core.Serialization;

/// <summary>
/// The engine's state as plain, ordered data for JSON: balances, token supplies, roles, pauses, parameters,
/// prices and each module's own view. What <c>ballast exec</c> prints and the node will serve.
/// </summary>
public static class StateView
{
    public static object Describe(Engine engine)
    {
        var ledger = engine.Ledger;
        var balances = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (account, token, balance) in ledger.NonZeroBalances())
        {
            if (!balances.TryGetValue(account.Name, out var row))
                balances.Add(account.Name, row = new SortedDictionary<string, string>(StringComparer.Ordinal));
            row[token.Symbol] = balance.ToString();
        }
        var tokens = ledger.Tokens.OrderBy(t => t.Symbol, StringComparer.Ordinal).ToDictionary(
            t => t.Symbol,
            t => new { minted = ledger.Minted(t.Id), burned = ledger.Burned(t.Id), supply = ledger.Supply(t.Id), issuer = t.Issuer },
            StringComparer.Ordinal);
        var parameters = engine.Parameters.All.ToDictionary(
            s => s.Module,
            s => s.View().ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
        var prices = engine.Prices.Sources.Where(s => s.Accumulator.HasPrice).ToDictionary(
            s => s.Name,
            s => new { kind = s.Kind, last = s.Accumulator.LastPrice, lastBlock = s.Accumulator.LastHeight, maxAgeBlocks = s.Kind == PriceSourceKind.Feed ? s.MaxAgeBlocks : (long?)null },
            StringComparer.Ordinal);
        var modules = engine.DescribeModules().ToDictionary(m => m.Module, m => m.View, StringComparer.Ordinal);
        return new
        {
            height = engine.Height,
            time = engine.Clock.Time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            balances,
            tokens,
            roles = engine.Roles.View(),
            pauses = engine.Pauses.View(),
            parameters,
            prices,
            modules,
        };
    }
}

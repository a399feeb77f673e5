using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// What every token's supply must be, kept independently of the ledger: genesis balances and mints, plus
/// accepted mints, minus accepted burns. <see cref="Check"/> compares it with the ledger's own counters, its
/// conservation check and sums recomputed from the balances, and checks that vote escrows hold exactly the
/// deposits of their votes.
/// </summary>
public sealed class SupplyModel
{
    private readonly SortedDictionary<string, UInt128> _supply = new(StringComparer.Ordinal);

    public static SupplyModel FromGenesis(IEnumerable<Envelope> genesis)
    {
        var model = new SupplyModel();
        model._supply[Engine.TaoSymbol] = 0;
        foreach (var tx in genesis)
        {
            if (tx.Payload is GenesisAccount account)
                foreach (var (symbol, amount) in account.Balances ?? new Dictionary<string, Amount>())
                    model.Add(symbol, amount.Units);
            else model.Apply(tx, TxResult.Ok);
        }
        return model;
    }

    private void Add(string symbol, UInt128 units) => _supply[symbol] = _supply.GetValueOrDefault(symbol) + units;

    public void Apply(Envelope tx, TxResult result)
    {
        if (!result.Accepted) return;
        switch (tx.Payload)
        {
            case MintTest mint: Add(mint.Token, mint.Amount.Units); break;
            case BurnTest burn: _supply[burn.Token] = _supply[burn.Token] - burn.Amount.Units; break;
        }
    }

    public void Check(Engine engine, string where)
    {
        var ledger = engine.Ledger;
        ledger.CheckConservation().ShouldBeEmpty($"{where}: the ledger's conservation check failed");

        var sums = new Dictionary<string, UInt128>(StringComparer.Ordinal);
        foreach (var (_, token, balance) in ledger.NonZeroBalances())
            sums[token.Symbol] = checked(sums.GetValueOrDefault(token.Symbol) + balance.Units);

        string.Join(",", ledger.Tokens.Select(t => t.Symbol).Order(StringComparer.Ordinal))
            .ShouldBe(string.Join(",", _supply.Keys), $"{where}: tokens in the ledger");
        foreach (var token in ledger.Tokens)
        {
            var expected = _supply[token.Symbol];
            var sum = sums.GetValueOrDefault(token.Symbol);
            sum.ShouldBe(expected, $"{where}: {token.Symbol} balances sum to {sum}, expected supply {expected}");
            ledger.Supply(token.Id).Units.ShouldBe(expected, $"{where}: {token.Symbol} ledger supply");
            (ledger.Minted(token.Id).Units - ledger.Burned(token.Id).Units).ShouldBe(expected, $"{where}: {token.Symbol} minted − burned");
        }

        var governance = engine.StateOf<GovernanceState>();
        foreach (var body in governance.Bodies.Values)
        {
            UInt128 deposits = 0;
            foreach (var vote in governance.Votes.Values.Where(v => v.Body == body.Name))
                foreach (var deposit in vote.Deposits.Values) deposits += deposit.Total.Units;
            engine.Balance(body.EscrowAccount, body.Token).Units
                .ShouldBe(deposits, $"{where}: escrow {body.EscrowAccount} against the deposits of its votes");
        }
    }
}

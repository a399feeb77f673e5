using System.Text;

namespace Ballast.Core.Scripting;

/// <summary>Generated script texts of a known shape, for the parser's tests and its benchmark.</summary>
public static class ScriptParseText
{
    /// <summary>A genesis account and <paramref name="blocks"/> steps of one <c>ledger.transfer</c> each, one step a line.</summary>
    public static byte[] OneTransactionBlocks(int blocks)
    {
        var text = new StringBuilder("""{ "genesis": [ { "type": "ledger.genesisAccount", "name": "alice", "balances": { "TAO": "10 TAO" } } ], "steps": [""");
        for (int i = 0; i < blocks; i++)
            text.Append(i == 0 ? "\n" : ",\n").Append("""  { "block": [ { "type": "ledger.transfer", "sender": "alice", "to": "bob", "token": "TAO", "amount": "1 TAO" } ] }""");
        text.Append("\n] }\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

using System.Text;
using System.Text.Json;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Hostile;

/// <summary>
/// Generates bad requests from a seed: broken and hostile JSON, wrong types, huge and negative numbers, unknown and
/// duplicated fields, bad and missing signatures, other chains, absurd nonces, deep nesting, oversized bodies, bad
/// paths and methods — against every endpoint, and against every query the catalog declares. None of them may be
/// included in a block: each is refused by the node before the engine.
/// </summary>
public sealed class HostileRequests(Random random, string chainId, IReadOnlyList<string> queries, IReadOnlyList<string> transactionTypes)
{
    private static readonly string[] Junk =
    [
        "", " ", "null", "true", "0", "-1", "[]", "{}", "\"x\"", "{", "}", "[", "{\"a\":", "{\"a\" 1}", "{'a': 1}", "{\"a\":1,}", "NaN", "Infinity",
        "1e999", "-1e999", "99999999999999999999999999999999999999999", "\u0000", "\uFEFF{}", "{\"a\":\"\\ud800\"}", "{\"a\":1}{\"b\":2}",
        "{\"__proto__\": {}}", "{\"a\": 1, \"a\": 2}", "\"\\u0000\"", "[[[[[[[[[[]]]]]]]]]]",
    ];

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "1e999", "18446744073709551616", "340282366920938463463374607431768211456",
        "-340282366920938463463374607431768211456", "\"\"", "\"x\"", "\"-1 TAO\"", "\"1e40 TAO\"", "\"999999999999999999999999999999 TAO\"", "\"0.0000000001 TAO\"",
        "\"NaN\"", "\"1/0\"", "[]", "{}", "[1,2,3]", "{\"type\":\"ledger.transfer\"}", "\"" + new string('a', 5000) + "\"", "\"\\u0000\"", "\"dev1\\n\"",
    ];

    public (HttpMethod Method, string Path, byte[]? Body) Next() => random.Next(13) switch
    {
        12 => (HttpMethod.Post, "/api/transactions/batch", Utf8(BadBatch())),
        0 => (HttpMethod.Post, "/api/transactions", Utf8(Pick(Junk))),
        1 => (HttpMethod.Post, "/api/transactions", Utf8(BadSubmission())),
        2 => (HttpMethod.Post, "/api/transactions", Utf8(SignedBadTransaction())),
        3 => (HttpMethod.Post, "/api/transactions", Utf8(WronglySigned())),
        4 => (HttpMethod.Post, $"/api/queries/{Pick(queries)}", Utf8(BadQuery())),
        5 => (HttpMethod.Post, $"/api/queries/{Pick(queries)}", Utf8(Pick(Junk))),
        6 => (HttpMethod.Get, BadGet(), null),
        7 => (HttpMethod.Post, "/api/transactions", RandomBytes()),
        8 => (HttpMethod.Post, Pick(["/api/transactions", "/api/queries/ledger.balance", "/dev/impersonate"]), Oversized()),
        9 => (Pick([HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Get]), Pick(["/api/transactions", "/dev/mine", "/api/queries/ledger.balance"]), null),
        10 => (HttpMethod.Post, "/api/transactions", Utf8(Deep())),
        _ => (HttpMethod.Post, BadDev(), Utf8(Pick(Junk))),
    };

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A batch body: junk, or an array of bad submissions (the batch is read, each one refused).</summary>
    private string BadBatch() => random.Next(2) == 0
        ? Pick(Junk)
        : "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(4) switch
        {
            0 => BadSubmission(),
            1 => SignedBadTransaction(),
            2 => WronglySigned(),
            _ => Pick(Values),
        })) + "]";

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string BadSubmission() => random.Next(6) switch
    {
        0 => "{\"signed\": " + Pick(Values) + ", \"signature\": \"AAAA\"}",
        1 => "{\"signed\": \"{}\"}",
        2 => "{\"signature\": \"AAAA\"}",
        3 => "{\"signed\": \"x\", \"signature\": \"x\", \"extra\": 1}",
        4 => "{\"signed\": \"x\", \"signed\": \"y\", \"signature\": " + Pick(Values) + "}",
        _ => JsonSerializer.Serialize(new { signed = Pick(Junk), signature = Convert.ToBase64String(new byte[random.Next(0, 100)]) }),
    };

    /// <summary>
    /// Correctly signed text whose transaction the strict reader refuses, or the node before the engine: a payload that
    /// happens to be well formed carries nonce 1 while dev1's next is 0, so it is refused as skipping a nonce.
    /// </summary>
    private string SignedBadTransaction()
    {
        var type = Pick(transactionTypes);
        string tx = random.Next(7) switch
        {
            0 => $"{{\"type\": \"{type}\", \"sender\": \"dev1\", \"nonce\": 1, \"{Field()}\": {Pick(Values)}}}",
            1 => $"{{\"type\": \"{type}\", \"sender\": {Pick(Values)}, \"nonce\": 1}}",
            2 => $"{{\"type\": {Pick(Values)}, \"sender\": \"dev1\"}}",
            3 => $"{{\"type\": \"ledger.transfer\", \"sender\": \"dev1\", \"nonce\": {Pick(["-1", "1.5", "18446744073709551616", "\"0\"", "1e3"])}, \"to\": \"dev2\", \"token\": \"TAO\", \"amount\": \"1 TAO\"}}",
            4 => $"{{\"type\": \"ledger.transfer\", \"sender\": \"dev1\", \"nonce\": 1, \"to\": \"dev2\", \"token\": \"TAO\", \"amount\": {Pick(Values)}}}",
            5 => $"{{\"type\": \"ledger.transfer\", \"sender\": \"dev1\", \"nonce\": {random.Next(5, 1_000_000)}, \"to\": \"dev2\", \"token\": \"TAO\", \"amount\": \"1 TAO\"}}",
            _ => $"{{\"type\": \"ledger.genesisAccount\", \"name\": \"evil\", \"balances\": {{\"TAO\": \"1000000 TAO\"}}}}",
        };
        var chain = random.Next(8) == 0 ? "other-chain" : chainId;
        var signed = random.Next(10) == 0 ? Pick(Junk) : $"{{\"chainId\": \"{chain}\", \"transaction\": {tx}}}";
        return DevSigner.Body(signed, "dev1");
    }

    /// <summary>A valid transfer signed with the wrong key, a truncated signature, or for another chain.</summary>
    private string WronglySigned()
    {
        var signed = DevSigner.Signed(random.Next(4) == 0 ? "ballast-mainnet" : chainId, "dev1", 0, new { type = "ledger.transfer", to = "dev2", token = "TAO", amount = "1 TAO" });
        var body = JsonDocument.Parse(DevSigner.Body(signed, random.Next(2) == 0 ? "dev2" : "dev1")).RootElement;
        var signature = body.GetProperty("signature").GetString()!;
        return random.Next(4) switch
        {
            0 => DevSigner.Body(signed, "dev" + random.Next(2, 10)),
            1 => JsonSerializer.Serialize(new { signed, signature = signature[..random.Next(signature.Length)] }),
            2 => JsonSerializer.Serialize(new { signed = signed + " ", signature }),
            _ => JsonSerializer.Serialize(new { signed, signature = Convert.ToHexString(new byte[64]) }),
        };
    }

    private string BadQuery() => random.Next(4) switch
    {
        0 => $"{{\"{Field()}\": {Pick(Values)}}}",
        1 => $"{{\"account\": {Pick(Values)}, \"token\": {Pick(Values)}, \"netuid\": {Pick(Values)}}}",
        2 => $"{{\"netuid\": {Pick(Values)}, \"positionId\": {Pick(Values)}, \"market\": {Pick(Values)}}}",
        _ => Pick(Values),
    };

    private string Field() => Pick(["amount", "to", "netuid", "market", "leverage", "side", "price", "positionId", "x", "type", "", "\\u0000"]);

    private string BadGet() => Pick(new[]
    {
        "/api/blocks/abc", "/api/blocks/-1", "/api/blocks/99999999999999999999", $"/api/blocks/{random.NextInt64()}", "/api/blocks?from=abc",
        "/api/blocks?limit=-5", "/api/events?limit=abc", "/api/events?fromBlock=x", "/api/events?after=99999999999999999999",
        $"/api/transactions/{Guid.NewGuid():N}", "/api/transactions/%00", "/api/nowhere", "/api/queries", "/api/accounts//nonce",
        "/api/stream?blocks=maybe", "/dev/keys/", "/api/blocks/1e3", "/%2e%2e/etc/passwd",
    });

    private string BadDev() => Pick(new[]
    {
        "/dev/mine?blocks=0", "/dev/mine?blocks=-1", "/dev/mine?blocks=1000000000", "/dev/mine?blocks=abc", "/dev/mining?mode=fast",
        "/dev/mining?mode=interval&intervalSeconds=-1", "/dev/mining?mode=interval&intervalSeconds=NaN", "/dev/revert/0xdead", "/dev/impersonate",
        "/dev/mining", "/dev/revert/%00",
    });

    private byte[] RandomBytes()
    {
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Oversized() => Utf8("{\"signed\": \"" + new string('a', 70_000 + random.Next(100_000)) + "\", \"signature\": \"AAAA\"}");

    private string Deep()
    {
        int depth = random.Next(65, 5_000);
        return "{\"signed\": " + new string('[', depth) + new string(']', depth) + "}";
    }
}

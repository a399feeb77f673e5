using System.Text.Json;
using NSec.Cryptography;
using Ballast.Node.Signing;

namespace Ballast.Node.Bots;

/// <summary>
/// A bot's signing key, read from a file <c>{"account": "liq-a", "seed": "64 hex digits"}</c> — the shape
/// <c>GET /dev/keys/{account}</c> answers with, so a development key can be saved as it comes.
/// </summary>
public sealed class BotKey : IDisposable
{
    private BotKey(string account, Key key)
    {
        Account = account;
        Key = key;
    }

    public string Account { get; }
    public Key Key { get; }

    public static BotKey Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("account", out var account) || account.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("seed", out var seed) || seed.ValueKind != JsonValueKind.String || seed.GetString()!.Length != 64)
            throw new FormatException($"{path}: expected {{\"account\": \"name\", \"seed\": \"64 hex digits\"}}");
        var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(seed.GetString()!), KeyBlobFormat.RawPrivateKey);
        return new BotKey(account.GetString()!, key);
    }

    public static BotKey Development(string account) => new(account, KeyRing.DevKey(account));

    public void Dispose() => Key.Dispose();
}

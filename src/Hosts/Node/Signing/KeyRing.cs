using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Ballast.Node.Signing;

/// <summary>
/// The Ed25519 public keys the node verifies signatures with, by account name. In development mode every account
/// has the key derived from its name (<see cref="DevKey"/>), as Anvil's accounts come from a known mnemonic: anyone
/// can sign for any account, which is the point of a development chain. Otherwise the keys come from a file of
/// <c>{"account": "hex public key"}</c>, and an account with no entry cannot sign.
/// </summary>
public sealed class KeyRing
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Dictionary<string, PublicKey> _keys = new(StringComparer.Ordinal);
    private readonly bool _development;

    private KeyRing(bool development) => _development = development;

    /// <summary>Every account signs with the key derived from its name.</summary>
    public static KeyRing Development() => new(development: true);

    /// <summary>Only the accounts in <paramref name="json"/> (<c>{"name": "64 hex digits"}</c>) can sign.</summary>
    public static KeyRing FromJson(string json)
    {
        var ring = new KeyRing(development: false);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("a keys file is an object of account name → hex Ed25519 public key");
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var hex = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : "";
            if (hex.Length != 64 || !PublicKey.TryImport(Algorithm, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey, out var key))
                throw new FormatException($"account '{property.Name}': expected a raw Ed25519 public key as 64 hex digits");
            ring._keys[property.Name] = key!;
        }
        return ring;
    }

    public bool TryGet(string account, out PublicKey key)
    {
        if (_keys.TryGetValue(account, out key!)) return true;
        if (!_development) return false;
        lock (_keys)
        {
            if (!_keys.TryGetValue(account, out key!))
            {
                using var dev = DevKey(account);
                key = dev.PublicKey;
                _keys[account] = key;
            }
        }
        return true;
    }

    /// <summary>
    /// The development key of <paramref name="account"/>: its 32-byte seed is SHA-256 of
    /// <c>"ballast-dev-key:" + name</c>. Public knowledge by design: never use it for anything of value.
    /// </summary>
    public static Key DevKey(string account) =>
        Key.Import(Algorithm, DevSeed(account), KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public static byte[] DevSeed(string account) => SHA256.HashData(Encoding.UTF8.GetBytes("ballast-dev-key:" + account));

    public static bool Verify(PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == Algorithm.SignatureSize && Algorithm.Verify(key, message, signature);

    public static byte[] Sign(Key key, ReadOnlySpan<byte> message) => Algorithm.Sign(key, message);

    public static string PublicHex(Key key) => Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
}

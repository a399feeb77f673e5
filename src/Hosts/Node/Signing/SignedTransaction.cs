using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Serialization;

namespace Ballast.Node.Signing;

/// <summary>
/// A transaction as a client signs it. The signed bytes are the UTF-8 text of
/// <c>{"chainId": "ballast-dev", "transaction": {"type": …, "sender": …, "nonce": …, …fields}}</c>, exactly as sent
/// (no canonical form to reproduce: the client signs the text it sends); the transaction inside is the strict
/// format <c>ballast exec</c> reads. The hash (SHA-256 of those bytes, hex) names the transaction: the same signed
/// text sent twice is the same transaction.
/// </summary>
public sealed record SignedTransaction(string Text, byte[]? Signature, string ChainId, Envelope Envelope, string Hash)
{
    /// <summary>The signed bytes (UTF-8 of <see cref="Text"/>): what the signature is checked against.</summary>
    public byte[] Utf8 { get; init; } = [];

    /// <summary>The API's request body: the signed text and its Ed25519 signature (base64 or hex).</summary>
    public sealed record Submission(string Signed, string Signature);

    /// <summary>Hash of the signed text: SHA-256, lower-case hex.</summary>
    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Reads the signed text; a problem is a <see cref="TransactionFormatException"/> (the transaction's own field
    /// errors, from the strict reader) or a <see cref="FormatException"/> for the wrapper.
    /// </summary>
    public static SignedTransaction Read(TransactionCatalog catalog, string text, byte[]? signature)
    {
        // One UTF-8 copy serves the parse, the strict reader (the transaction's raw bytes, not a re-encoded string),
        // the hash and the signature check.
        var utf8 = Encoding.UTF8.GetBytes(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"signed: not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("signed: expected an object {\"chainId\": \"...\", \"transaction\": {...}}");
            string? chainId = null;
            JsonElement? transaction = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "chainId" when chainId is null && property.Value.ValueKind == JsonValueKind.String:
                        chainId = property.Value.GetString();
                        break;
                    case "transaction" when transaction is null && property.Value.ValueKind == JsonValueKind.Object:
                        transaction = property.Value;
                        break;
                    case "chainId" or "transaction":
                        throw new FormatException($"signed.{property.Name}: duplicated or of the wrong kind (chainId is a string, transaction an object)");
                    default:
                        throw new FormatException($"signed.{property.Name}: unknown field; the signed object has chainId and transaction");
                }
            }
            if (chainId is null) throw new FormatException("signed.chainId: missing (the chain this transaction is for, a string)");
            if (transaction is null) throw new FormatException("signed.transaction: missing (the transaction, an object with \"type\")");
            var envelope = BallastJson.ReadEnvelope(catalog, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(transaction.Value));
            return new SignedTransaction(text, signature, chainId, envelope, Convert.ToHexStringLower(SHA256.HashData(utf8))) { Utf8 = utf8 };
        }
    }

    /// <summary>The signed text of <paramref name="transactionJson"/> for <paramref name="chainId"/>, compact.</summary>
    public static string Compose(string chainId, string transactionJson)
    {
        using var document = JsonDocument.Parse(transactionJson);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("chainId", chainId);
            writer.WritePropertyName("transaction");
            document.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a signature given as base64 or as 128 hex digits.</summary>
    public static bool TryDecodeSignature(string? text, out byte[] signature)
    {
        signature = [];
        if (string.IsNullOrEmpty(text) || text.Length > 200) return false;
        if (text.Length == 128 && text.All(Uri.IsHexDigit))
        {
            signature = Convert.FromHexString(text);
            return true;
        }
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out int written)) return false;
        signature = buffer[..written];
        return true;
    }
}

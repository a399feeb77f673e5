using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ballast.Node.Signing;

namespace Ballast.Node.Tests.Support;

/// <summary>Signs transactions as a client would: the text of {"chainId", "transaction"} with an account's development key.</summary>
public static class DevSigner
{
    /// <summary>The request body for <c>POST /api/transactions</c>.</summary>
    public static string Body(string chainId, string sender, ulong nonce, object fields, string? signAs = null) =>
        Body(Signed(chainId, sender, nonce, fields), signAs ?? sender);

    public static string Body(string signed, string signAs)
    {
        using var key = KeyRing.DevKey(signAs);
        var signature = Convert.ToBase64String(KeyRing.Sign(key, Encoding.UTF8.GetBytes(signed)));
        return JsonSerializer.Serialize(new { signed, signature });
    }

    /// <summary>The signed text: <paramref name="fields"/> (an anonymous object with <c>type</c>) with sender and nonce.</summary>
    public static string Signed(string chainId, string sender, ulong nonce, object fields)
    {
        var tx = JsonSerializer.SerializeToNode(fields)!.AsObject();
        tx["sender"] = sender;
        tx["nonce"] = nonce;
        return new JsonObject { ["chainId"] = chainId, ["transaction"] = tx }.ToJsonString();
    }

    public static string Transfer(string chainId, string sender, ulong nonce, string to, string amount) =>
        Body(chainId, sender, nonce, new { type = "ledger.transfer", to, token = "TAO", amount });
}

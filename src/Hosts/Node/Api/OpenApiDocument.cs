using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Node.Api;

/// <summary>
/// The node's OpenAPI 3.1 document, written from the engine's three catalogs: a schema per transaction payload
/// (as the strict reader reads it, with <c>type</c>, <c>sender</c> and <c>nonce</c>), one path per query with its
/// input and result schemas, a schema per event, and the fixed endpoints. Generated, so a module's new declaration
/// appears here with no change to the node.
/// </summary>
public static class OpenApiDocument
{
    public static string Write(Engine engine, Func<Type, string?> summary)
    {
        var schemas = new JsonObject();
        var writer = new SchemaWriter(schemas, summary);

        var txRefs = new JsonArray();
        foreach (var tx in engine.Catalog.All.Where(t => !t.GenesisOnly))
        {
            var schema = writer.Record(tx.Type, constructor: true);
            var props = (JsonObject)schema["properties"]!;
            var ordered = new JsonObject
            {
                ["type"] = new JsonObject { ["const"] = tx.Name },
                ["sender"] = new JsonObject { ["type"] = "string", ["description"] = "the signing account" },
                ["nonce"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "the sender's next nonce (GET /api/accounts/{account}/nonce)" },
            };
            foreach (var (k, v) in props.ToList()) { props.Remove(k); ordered[k] = v; }
            schema["properties"] = ordered;
            var required = (JsonArray)(schema["required"] ??= new JsonArray());
            required.Insert(0, "sender");
            required.Insert(0, "type");
            var name = "tx." + tx.Name;
            schemas[name] = schema;
            txRefs.Add(Ref(name));
        }
        schemas["Transaction"] = new JsonObject { ["oneOf"] = txRefs, ["discriminator"] = new JsonObject { ["propertyName"] = "type" } };
        schemas["Signed"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The text that is signed (sent as the string `signed`): the chain id and the transaction.",
            ["required"] = new JsonArray("chainId", "transaction"),
            ["properties"] = new JsonObject { ["chainId"] = new JsonObject { ["type"] = "string" }, ["transaction"] = Ref("Transaction") },
        };
        schemas["Submission"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("signed", "signature"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["signed"] = new JsonObject { ["type"] = "string", ["description"] = "UTF-8 JSON text of a `Signed` object, exactly the bytes signed" },
                ["signature"] = new JsonObject { ["type"] = "string", ["description"] = "Ed25519 signature of `signed`, base64 or 128 hex digits" },
            },
        };
        schemas["Problem"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 7807 problem details; `code` is the stable error code.",
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string" }, ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer" }, ["detail"] = new JsonObject { ["type"] = "string" },
                ["code"] = new JsonObject { ["type"] = "string" },
            },
        };
        schemas["Receipt"] = writer.Record(typeof(Chain.Receipt), constructor: false);

        var eventRefs = new JsonArray();
        foreach (var e in engine.EventCatalog.All)
        {
            schemas["event." + e.Name] = writer.Record(e.Type, constructor: false);
            eventRefs.Add(new JsonObject { ["title"] = e.Name, ["$ref"] = $"#/components/schemas/event.{e.Name}" });
        }
        schemas["EventData"] = new JsonObject { ["oneOf"] = eventRefs, ["description"] = "The `data` of an event, by its `name`." };

        var paths = new JsonObject
        {
            ["/api/transactions"] = new JsonObject
            {
                ["post"] = Operation("Submit a signed transaction of any type; answered once its block is durable",
                    body: Ref("Submission"), ok: Ref("Receipt"), errors: ["400", "401", "409", "413", "422", "429"],
                    parameters: [Param("wait", "query", "boolean", "false: answer 202 at once instead of waiting for the block")]),
            },
            ["/api/transactions/batch"] = new JsonObject
            {
                ["post"] = Operation("Submit up to 1,000 signed transactions in one request; answered once their blocks are durable, with one result per submission in order (a receipt, or a problem with its status and code)",
                    body: new JsonObject { ["type"] = "array", ["maxItems"] = 1000, ["items"] = Ref("Submission") },
                    ok: new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["oneOf"] = new JsonArray(Ref("Receipt"), Ref("Problem")) } },
                    errors: ["400", "413", "429"],
                    parameters: [Param("wait", "query", "boolean", "false: answer 202 once every submission is queued or refused, without waiting for blocks")]),
            },
            ["/api/transactions/{hash}"] = new JsonObject { ["get"] = Operation("A transaction's receipt", ok: Ref("Receipt"), errors: ["404"], parameters: [Param("hash", "path", "string", "SHA-256 of the signed text, hex")]) },
            ["/api/accounts/{account}/nonce"] = new JsonObject { ["get"] = Operation("The account's next nonce", ok: new JsonObject { ["type"] = "object" }, parameters: [Param("account", "path", "string", "account name")]) },
            ["/api/chain"] = new JsonObject { ["get"] = Operation("Chain id, height, state hash, mining mode") },
            ["/api/catalog"] = new JsonObject { ["get"] = Operation("Every transaction, query and event name") },
            ["/api/blocks"] = new JsonObject { ["get"] = Operation("Blocks from a height", parameters: [Param("from", "query", "integer", "first height"), Param("limit", "query", "integer", "at most 1,000")]) },
            ["/api/blocks/{height}"] = new JsonObject { ["get"] = Operation("One block", errors: ["404"], parameters: [Param("height", "path", "integer", "block height")]) },
            ["/api/events"] = new JsonObject { ["get"] = Operation("Events by block range, type and account", parameters: [
                Param("fromBlock", "query", "integer", "first block"), Param("toBlock", "query", "integer", "last block"),
                Param("type", "query", "string", "declared names, comma-separated"), Param("account", "query", "string", "an account the event names or that sent its transaction"),
                Param("after", "query", "integer", "only events after this sequence number"), Param("limit", "query", "integer", "at most 10,000")]).WithHeader("200",
                "X-Ballast-Oldest-Event", "integer", "sequence number from which the node serves every event: 0 for the whole history (recent events from memory, older ones from the log); later only for a log begun before events were logged (schema 4)")
                .WithHeader("200", "X-Ballast-Resume-After", "integer", "present when the node stopped reading its log before the limit (a filter matching few of many events): pass it as `after` to go on") },
            ["/api/state"] = new JsonObject { ["get"] = Operation("The whole state as `ballast exec` prints it") },
            ["/api/stream"] = new JsonObject { ["get"] = Operation("Server-sent events: blocks and events as they are committed", parameters: [
                Param("type", "query", "string", "declared event names, comma-separated"), Param("account", "query", "string", "account filter"), Param("blocks", "query", "boolean", "include block messages (default true)")]) },
            ["/health"] = new JsonObject { ["get"] = Operation("ok, or 409 when the node halted") },
            ["/metrics"] = new JsonObject { ["get"] = Operation("Prometheus text") },
            ["/dev/mine"] = new JsonObject { ["post"] = Operation("Development: mine N blocks now", errors: ["403"], parameters: [Param("blocks", "query", "integer", "1 to 100,000")]) },
            ["/dev/mining"] = new JsonObject { ["post"] = Operation("Development: automine, interval or manual", errors: ["403"], parameters: [Param("mode", "query", "string", "automine|interval|manual"), Param("intervalSeconds", "query", "number", "interval")]) },
            ["/dev/snapshot"] = new JsonObject { ["post"] = Operation("Development: remember this height", errors: ["403"]) },
            ["/dev/revert/{id}"] = new JsonObject { ["post"] = Operation("Development: drop the blocks after a snapshot", errors: ["403", "404"], parameters: [Param("id", "path", "string", "snapshot id")]) },
            ["/dev/impersonate"] = new JsonObject { ["post"] = Operation("Development: act as an account without its key", body: Ref("Transaction"), ok: Ref("Receipt"), errors: ["400", "403", "409", "422"]) },
            ["/dev/setBalance"] = new JsonObject { ["post"] = Operation("Development: set an account's balance of a token (logged transfers from or to the faucet)", ok: Ref("Receipt"), errors: ["400", "403", "404", "422"],
                parameters: [Param("account", "query", "string", "account"), Param("token", "query", "string", "token symbol"), Param("amount", "query", "string", "the balance to set, like \"250 TAO\"")]) },
            ["/dev/dump"] = new JsonObject { ["get"] = Operation("Development: the chain as an exec script (genesis, then every block); start a node from it with --genesis", errors: ["403"]) },
            ["/dev/state"] = new JsonObject { ["get"] = Operation("Development: the whole state as a state file (binary); start a new chain from it with --state FILE", errors: ["403"]) },
            ["/dev/keys/{account}"] = new JsonObject { ["get"] = Operation("Development: an account's development key", errors: ["403"], parameters: [Param("account", "path", "string", "account name")]) },
        };
        foreach (var q in engine.Queries.All)
        {
            var input = "query." + q.Name;
            schemas[input] = writer.Record(q.QueryType, constructor: true);
            paths["/api/queries/" + q.Name] = new JsonObject
            {
                ["post"] = Operation(summary(q.QueryType) ?? $"Query {q.Name}", body: Ref(input), ok: writer.Schema(q.ResultType), errors: ["400", "422"]),
            };
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Ballast node",
                ["version"] = "1",
                ["description"] = "A local node with the protocols' exact semantics. Transactions are signed with Ed25519 over the text of {\"chainId\", \"transaction\"}; refusals are RFC 7807 problem details with a stable `code`.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    private static JsonObject Param(string name, string where, string type, string description) => new()
    {
        ["name"] = name, ["in"] = where, ["required"] = where == "path", ["description"] = description, ["schema"] = new JsonObject { ["type"] = type },
    };

    /// <summary>Adds a documented response header to an operation's response of <paramref name="status"/>.</summary>
    private static JsonObject WithHeader(this JsonObject operation, string status, string name, string type, string description)
    {
        var response = operation["responses"]![status]!.AsObject();
        var headers = response["headers"]?.AsObject() ?? (JsonObject)(response["headers"] = new JsonObject());
        headers[name] = new JsonObject { ["description"] = description, ["schema"] = new JsonObject { ["type"] = type } };
        return operation;
    }

    private static JsonObject Operation(string summary, JsonObject? body = null, JsonNode? ok = null, string[]? errors = null, JsonObject[]? parameters = null)
    {
        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ok ?? new JsonObject() } } },
        };
        foreach (var status in errors ?? [])
            responses[status] = new JsonObject { ["description"] = "Refused", ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("Problem") } } };
        var operation = new JsonObject { ["summary"] = summary, ["responses"] = responses };
        if (parameters is { Length: > 0 }) operation["parameters"] = new JsonArray(parameters.Select(p => (JsonNode)p).ToArray());
        if (body is not null)
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = body } } };
        return operation;
    }

    /// <summary>JSON schemas of records as the Ballast JSON format writes them (amounts and decimals as strings, enums by camelCase name).</summary>
    private sealed class SchemaWriter(JsonObject components, Func<Type, string?> summary)
    {
        public JsonObject Record(Type type, bool constructor)
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            if (constructor && ctor is not null && ctor.GetParameters().Length > 0)
            {
                foreach (var p in ctor.GetParameters())
                {
                    properties[Camel(p.Name!)] = Schema(p.ParameterType);
                    bool nullable = Nullable.GetUnderlyingType(p.ParameterType) is not null || new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
                    if (!p.HasDefaultValue && !nullable) required.Add(Camel(p.Name!));
                }
            }
            else
            {
                foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null).OrderBy(p => p.MetadataToken))
                    properties[Camel(p.Name)] = Schema(p.PropertyType);
            }
            var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
            if (required.Count > 0) schema["required"] = required;
            if (constructor) schema["additionalProperties"] = false;
            if (summary(type) is { } doc) schema["description"] = doc;
            return schema;
        }

        public JsonNode Schema(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            if (underlying is not null) return Schema(underlying);
            if (type == typeof(string)) return new JsonObject { ["type"] = "string" };
            if (type == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
            if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return new JsonObject { ["type"] = "integer" };
            if (type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort)) return new JsonObject { ["type"] = "integer", ["minimum"] = 0 };
            if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return new JsonObject { ["type"] = "number" };
            if (type == typeof(UInt128) || type == typeof(Int128)) return new JsonObject { ["type"] = "string", ["pattern"] = "^-?[0-9]+$", ["description"] = "128-bit integer" };
            if (type == typeof(Amount)) return new JsonObject { ["type"] = "string", ["description"] = "token units (1 TAO = 1e9); input also takes \"12.5 TAO\"" };
            if (type == typeof(Fixed)) return new JsonObject { ["type"] = "string", ["description"] = "exact decimal, 18 places" };
            if (type == typeof(Ppb)) return new JsonObject { ["type"] = "integer", ["description"] = "rate in ppb (1e9 = 100%)" };
            if (type == typeof(Bps)) return new JsonObject { ["type"] = "integer", ["description"] = "rate in bps (1e4 = 100%)" };
            if (type == typeof(ITransaction)) return Ref("Transaction");
            if (type == typeof(object)) return new JsonObject();
            if (type.IsEnum) return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(type).Select(n => (JsonNode)Camel(n)!).ToArray()) };
            if (type.IsArray) return new JsonObject { ["type"] = "array", ["items"] = Schema(type.GetElementType()!) };
            var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)));
            if (dictionary is not null) return new JsonObject { ["type"] = "object", ["additionalProperties"] = Schema(dictionary.GetGenericArguments()[1]) };
            var enumerable = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
            if (enumerable is not null && typeof(IEnumerable).IsAssignableFrom(type)) return new JsonObject { ["type"] = "array", ["items"] = Schema(enumerable.GetGenericArguments()[0]) };
            if (type == typeof(JsonElement)) return new JsonObject { ["$ref"] = "#/components/schemas/EventData" };
            var name = (type.FullName ?? type.Name).Replace('+', '.');
            if (!components.ContainsKey(name))
            {
                components[name] = new JsonObject(); // placeholder first: a record may refer to itself
                components[name] = Record(type, constructor: false);
            }
            return Ref(name);
        }

        private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
    }
}

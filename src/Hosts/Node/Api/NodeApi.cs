using System.Text.Json;
using System.Text.Json.Nodes;
using Ballast.Core.Blocks;
using Ballast.Core.Serialization;
using Ballast.Node.Chain;
using Ballast.Node.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ballast.Node.Api;

/// <summary>
/// The HTTP API, generated from the engine's catalogs: one endpoint submits any transaction type, one runs any
/// query by its declared name, and readers list blocks, receipts, events and state. Nothing here names a module.
/// </summary>
public static class NodeApi
{
    public static void Map(IEndpointRouteBuilder app, NodeChain chain, Miner miner, NodeOptions options, NodeMetrics metrics, string openApi)
    {
        var json = chain.Json;
        IResult Json(object? value, Type? type = null, int status = 200) =>
            Results.Text(JsonSerializer.Serialize(value, type ?? value?.GetType() ?? typeof(object), json), "application/json", statusCode: status);

        app.MapGet("/health", () => chain.HaltReason is null
            ? Results.Text("ok\n", "text/plain")
            : Problems.Of(NodeErrors.NodeHalted, 409, chain.HaltReason));
        app.MapGet("/metrics", () => Results.Text(metrics.Render(chain), "text/plain; version=0.0.4"));
        app.MapGet("/openapi/v1.json", () => Results.Text(openApi, "application/json"));
        // The reference page asks for the document relative to itself.
        app.MapGet("/docs/openapi/v1.json", () => Results.Text(openApi, "application/json"));
        app.MapGet("/", () => Results.Redirect("/dashboard/"));
        app.MapGet("/dashboard/{**file}", (string? file) => Dashboard.Serve(string.IsNullOrEmpty(file) ? "index.html" : file));

        app.MapGet("/api/chain", () => Json(new
        {
            chainId = chain.ChainId,
            height = chain.Height,
            stateHash = chain.StateHash(),
            setupHeight = chain.SetupHeight,
            development = chain.Development,
            store = chain.StoreKind,
            mining = miner.Mode,
            blockIntervalSeconds = miner.Interval.TotalSeconds,
            pending = chain.PendingCount,
            halted = chain.HaltReason,
            restoredFromSnapshot = chain.RestoredFromSnapshot,
            snapshotError = chain.SnapshotError,
        }));

        // Reads of the engine's state answer once the state they read is durable (NodeChain.Reading.cs).
        async Task<IResult> Durable(Func<Engine, IResult> read)
        {
            try
            {
                return await chain.ReadAsync(read);
            }
            catch (RefusalException e)
            {
                return Problems.Of(e.Refusal);
            }
        }

        app.MapGet("/api/catalog", () => Durable(engine => Json(new
        {
            transactions = engine.Catalog.All.Select(t => new { name = t.Name, module = t.Module, genesisOnly = t.GenesisOnly }),
            queries = engine.Queries.All.Select(q => new { name = q.Name, module = q.Module }),
            events = engine.EventCatalog.All.Select(e => new { name = e.Name, module = e.Module }),
        })));

        app.MapPost("/api/transactions", async (HttpRequest request, bool? wait) =>
        {
            var (body, problem) = await RequestBody.ReadUtf8Async(request, options.MaxRequestBytes);
            if (problem is not null) return problem;
            string? signed = null, signature = null;
            using (body)
            {
                var (document, bad) = RequestBody.Parse(body!.Memory);
                if (bad is not null) return bad;
                using var parsed = document!;
                if (document!.RootElement.ValueKind != JsonValueKind.Object)
                    return Problems.Malformed("expected {\"signed\": \"<the signed text>\", \"signature\": \"<Ed25519 signature, base64 or hex>\"}");
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name is not ("signed" or "signature"))
                        return Problems.Malformed($"{ScriptText.Clean(property.Name)}: unknown field; a submission has signed and signature");
                    if (property.Value.ValueKind != JsonValueKind.String)
                        return Problems.Malformed($"{property.Name}: expected a string");
                    if (property.Name == "signed") signed = property.Value.GetString();
                    else signature = property.Value.GetString();
                }
            }
            if (signed is null) return Problems.Malformed("signed: missing (the text that was signed: {\"chainId\", \"transaction\"})");
            if (!SignedTransaction.TryDecodeSignature(signature, out var sig))
                return Problems.Of(NodeErrors.BadSignature, 401, "signature: missing, or neither base64 nor 128 hex digits");
            return await Answer(chain, () => chain.Submit(signed, sig), wait ?? true, request.HttpContext.RequestAborted);
        });

        // Many submissions in one request (as JSON-RPC batches): the HTTP and JSON work of one request spread over up to
        // 1,000 transactions. Each is checked and queued as if sent alone, in order; the answer lists each one's receipt
        // or problem, in the same order, once every accepted one's block is durable.
        app.MapPost("/api/transactions/batch", async (HttpRequest request, bool? wait) =>
        {
            var (body, problem) = await RequestBody.ReadUtf8Async(request, options.MaxRequestBytes);
            if (problem is not null) return problem;
            var items = new List<(string? Signed, string? Signature, string? Problem)>();
            // The document reads the rented body: both are given back once the submissions are read out of it.
            using (body)
            {
                var (document, bad) = RequestBody.Parse(body!.Memory);
                if (bad is not null) return bad;
                using var parsed = document!;
                if (document!.RootElement.ValueKind != JsonValueKind.Array)
                    return Problems.Malformed("expected an array of {\"signed\": \"...\", \"signature\": \"...\"}");
                if (document.RootElement.GetArrayLength() is 0 or > MaxBatch)
                    return Problems.Malformed($"a batch holds 1 to {MaxBatch:N0} submissions; this one holds {document.RootElement.GetArrayLength():N0}");
                foreach (var element in document.RootElement.EnumerateArray())
                    items.Add(ReadSubmission(element));
            }
            // Each submission is checked and queued at once; the request then waits for the blocks that hold them, woken
            // once per durable block (not once per transaction), and answers every one in order.
            var answers = new string?[items.Count];
            var receipts = new Task<Receipt>?[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                var (signed, signature, itemProblem) = items[i];
                if (itemProblem is not null) { answers[i] = Problems.Text(NodeErrors.MalformedRequest, 400, itemProblem); continue; }
                if (!SignedTransaction.TryDecodeSignature(signature, out var sig))
                {
                    answers[i] = Problems.Text(NodeErrors.BadSignature, 401, "signature: missing, or neither base64 nor 128 hex digits");
                    continue;
                }
                try
                {
                    receipts[i] = chain.Submit(signed!, sig);
                }
                catch (RefusalException e)
                {
                    answers[i] = Problems.Text(e.Refusal.Code, e.Refusal.Status, e.Refusal.Message);
                }
            }
            if (wait ?? true) await chain.Settled(receipts, request.HttpContext.RequestAborted);
            // Written as UTF-8 straight into the answer: each receipt's text, their join and the whole's UTF-8 copy were
            // a third of what the node allocated per transaction (Utf8JsonAnswer).
            var answer = new Utf8JsonAnswer(wait == false ? 202 : 200, json.Encoder, sizeHint: items.Count * 1024);
            answer.Writer.WriteStartArray();
            for (int i = 0; i < items.Count; i++)
            {
                if (receipts[i] is { } task) WriteAnswer(answer.Writer, chain, task);
                else answer.Writer.WriteRawValue(answers[i]!, skipInputValidation: true);
            }
            answer.Writer.WriteEndArray();
            return answer;
        });

        app.MapGet("/api/transactions/{hash}", (string hash) =>
            chain.ReceiptOf(hash) is { } receipt ? ReceiptAnswer(chain, receipt) : Problems.NotFound($"no included transaction with hash {ScriptText.Clean(hash)}"));

        app.MapGet("/api/accounts/{account}/nonce", (string account) => Json(new { account, nonce = chain.NextNonce(account) }));

        app.MapPost("/api/queries/{name}", async (string name, HttpRequest request) =>
        {
            if (!chain.Queries.TryGet(name, out var info)) info = null;
            if (info is null) return Problems.NotFound($"no query '{ScriptText.Clean(name)}'; GET /api/catalog lists them");
            var (text, problem) = await RequestBody.ReadAsync(request, options.MaxRequestBytes);
            if (problem is not null) return problem;
            object? input;
            try
            {
                input = JsonSerializer.Deserialize(string.IsNullOrWhiteSpace(text) ? "{}" : text, info.QueryType, json);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
            {
                return Problems.Malformed($"{name}: {ScriptText.Clean(e.Message)}");
            }
            if (input is null) return Problems.Malformed($"{name}: expected an object with the query's fields");
            try
            {
                return await Durable(engine =>
                {
                    var result = engine.Query(name, input);
                    return Json(result, info.ResultType);
                });
            }
            catch (Exception e) when (e is not InvariantViolationException)
            {
                return Problems.Of(NodeErrors.QueryFailed, 422, $"{name} could not answer: {e.GetType().Name}: {ScriptText.Clean(e.Message)}");
            }
        });

        app.MapGet("/api/blocks", (long? from, int? limit) =>
            Json(chain.Blocks(from ?? Math.Max(0, chain.Height - 19), Math.Clamp(limit ?? 20, 1, 1000))));
        app.MapGet("/api/blocks/{height:long}", (long height) =>
            chain.Block(height) is { } block ? Json(block) : Problems.NotFound($"no block {height} (the node serves blocks {chain.SetupHeight} to {chain.Height})"));

        // The answer says from which event on the node serves its history (X-Ballast-Oldest-Event: 0 unless its log began
        // before events were logged), and, when it stopped reading its log short of the limit, where to go on
        // (X-Ballast-Resume-After): a scan is never handed a partial history for the whole.
        app.MapGet("/api/events", (HttpContext context, long? fromBlock, long? toBlock, string? type, string? account, long? after, int? limit) =>
        {
            if (chain.OldestEventSeq is { } oldest) context.Response.Headers["X-Ballast-Oldest-Event"] = oldest.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var page = chain.ReadEvents(Filter(fromBlock, toBlock, type, account), after ?? -1, Math.Clamp(limit ?? 100, 1, 10_000));
            if (page.ResumeAfter is { } resume) context.Response.Headers["X-Ballast-Resume-After"] = resume.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Json(page.Events);
        });

        // What a module's keeper (margin.liquidator) would send as an account in the next block, for an external bot
        // to sign: the keeper's logic stays in its module, the key stays with the bot.
        app.MapGet("/api/keepers", () => Durable(engine => Json(engine.KeeperNames.ToList())));
        app.MapGet("/api/keepers/{name}/proposals", async (string name, string? account) =>
        {
            if (string.IsNullOrEmpty(account)) return Problems.Malformed("account: the account the keeper would sign as (a query parameter)");
            return await Durable(engine =>
            {
                if (!engine.KeeperNames.Contains(name)) return Problems.NotFound($"no keeper '{ScriptText.Clean(name)}'; GET /api/keepers lists them");
                var proposals = new List<Envelope>();
                engine.RunKeeper(name, account, proposals);
                var list = new System.Text.Json.Nodes.JsonArray();
                foreach (var p in proposals) list.Add(System.Text.Json.Nodes.JsonNode.Parse(BallastJson.WriteEnvelope(engine.Catalog, p)));
                return Results.Text(list.ToJsonString(), "application/json");
            });
        });

        app.MapGet("/api/state", () => Durable(engine => Json(StateView.Describe(engine))));

        app.MapGet("/api/stream", (HttpContext context, string? type, string? account, bool? blocks) =>
            EventStream.Run(context, chain, Filter(null, null, type, account), blocks ?? true));

        MapDevelopment(app, chain, miner, options, Json);
    }

    private static EventFilter Filter(long? fromBlock, long? toBlock, string? type, string? account) =>
        new(fromBlock, toBlock, string.IsNullOrEmpty(type) ? null : type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
            string.IsNullOrEmpty(account) ? null : account);

    /// <summary>Waits for the receipt (acknowledged only once durable) and answers with it, or a problem.</summary>
    /// <summary>Submissions a batch may hold.</summary>
    public const int MaxBatch = 1_000;

    private static (string? Signed, string? Signature, string? Problem) ReadSubmission(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return (null, null, "a submission is an object {\"signed\", \"signature\"}");
        string? signed = null, signature = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("signed" or "signature"))
                return (null, null, $"{ScriptText.Clean(property.Name)}: unknown field; a submission has signed and signature");
            if (property.Value.ValueKind != JsonValueKind.String) return (null, null, $"{property.Name}: expected a string");
            if (property.Name == "signed") signed = property.Value.GetString(); else signature = property.Value.GetString();
        }
        return signed is null ? (null, null, "signed: missing (the text that was signed: {\"chainId\", \"transaction\"})") : (signed, signature, null);
    }

    /// <summary>One answer of a batch once its wait is over: the receipt, the problem, or a pending mark (<c>wait=false</c>).</summary>
    private static void WriteAnswer(System.Text.Json.Utf8JsonWriter writer, NodeChain chain, Task<Receipt> task)
    {
        if (!task.IsCompleted)
        {
            writer.WriteRawValue("{\"status\":\"pending\"}"u8, skipInputValidation: true);
            return;
        }
        if (task.Exception?.InnerException is RefusalException e)
        {
            writer.WriteRawValue(Problems.Text(e.Refusal.Code, e.Refusal.Status, e.Refusal.Message), skipInputValidation: true);
            return;
        }
        var receipt = task.Result;
        if (receipt.Accepted)
        {
            chain.WriteReceipt(writer, receipt);
            return;
        }
        writer.WriteRawValue(Problems.Text(new ErrorCode(receipt.Code!), 422, receipt.Message ?? "",
            new Dictionary<string, object?> { ["hash"] = receipt.Hash, ["block"] = receipt.Block, ["index"] = receipt.Index }), skipInputValidation: true);
    }

    /// <summary>An accepted transaction's receipt as the answer (200), written as UTF-8.</summary>
    private static Utf8JsonAnswer ReceiptAnswer(NodeChain chain, Receipt receipt)
    {
        var answer = new Utf8JsonAnswer(200, chain.Json.Encoder, sizeHint: 1024);
        chain.WriteReceipt(answer.Writer, receipt);
        return answer;
    }

    private static async Task<IResult> Answer(NodeChain chain, Func<Task<Receipt>> submit, bool wait, CancellationToken aborted)
    {
        Task<Receipt> task;
        try
        {
            task = submit();
        }
        catch (RefusalException e)
        {
            return Problems.Of(e.Refusal);
        }
        if (!wait && !task.IsCompleted) return Results.Json(new { status = "pending" }, statusCode: 202);
        Receipt receipt;
        try
        {
            receipt = await task.WaitAsync(aborted);
        }
        catch (RefusalException e)
        {
            return Problems.Of(e.Refusal);
        }
        if (receipt.Accepted) return ReceiptAnswer(chain, receipt);
        return Problems.Of(new ErrorCode(receipt.Code!), 422, receipt.Message ?? "",
            new Dictionary<string, object?> { ["hash"] = receipt.Hash, ["block"] = receipt.Block, ["index"] = receipt.Index });
    }

    /// <summary>The development genesis's account that <c>/dev/setBalance</c> draws from and returns to.</summary>
    public const string Faucet = "faucet";

    private static void MapDevelopment(IEndpointRouteBuilder app, NodeChain chain, Miner miner, NodeOptions options, Func<object?, Type?, int, IResult> json)
    {
        var dev = app.MapGroup("/dev");
        dev.AddEndpointFilter(async (context, next) => chain.Development
            ? await next(context)
            : Problems.Of(NodeErrors.DevModeOnly, 403, "development controls exist only on a node started in development mode"));

        dev.MapPost("/mine", async (int? blocks) =>
        {
            int n = blocks ?? 1;
            if (n is < 1 or > 100_000) return Problems.Malformed("blocks: from 1 to 100,000");
            var last = await chain.MineAsync(n);
            return json(new { height = chain.Height, stateHash = last?.StateHash }, null, 200);
        });
        dev.MapPost("/mining", (string mode, double? intervalSeconds) =>
        {
            if (!Enum.TryParse<MiningMode>(mode, ignoreCase: true, out var m) || !Enum.IsDefined(m))
                return Problems.Malformed("mode: automine, interval or manual");
            if (intervalSeconds is { } s && (double.IsNaN(s) || s < 0.01 || s > 86_400))
                return Problems.Malformed("intervalSeconds: from 0.01 to 86,400");
            miner.SetMode(m, intervalSeconds is { } i ? TimeSpan.FromSeconds(i) : null);
            return json(new { mining = miner.Mode, blockIntervalSeconds = miner.Interval.TotalSeconds }, null, 200);
        });
        dev.MapPost("/snapshot", () => json(new { id = chain.Snapshot(), height = chain.Height }, null, 200));
        dev.MapPost("/revert/{id}", async (string id) =>
            await chain.RevertAsync(id) is { } height
                ? json(new { reverted = true, height, stateHash = chain.StateHash() }, null, 200)
                : Problems.NotFound($"no snapshot '{ScriptText.Clean(id)}' (reverting drops the snapshots taken after it)"));
        // Anvil's setBalance, through logged transactions (so a replay repeats it): the faucet account of the development
        // genesis sends the difference, or the account (impersonated) returns its excess to the faucet.
        dev.MapPost("/setBalance", async (string? account, string? token, string? amount, HttpRequest request) =>
        {
            if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(token) || string.IsNullOrEmpty(amount))
                return Problems.Malformed("account, token and amount (like \"250 TAO\" or units) are query parameters");
            if (!NumberText.TryParseAmount(amount, out var target, out var reason)) return Problems.Malformed($"amount: {reason}");
            Core.Numerics.Amount current;
            bool faucet;
            try
            {
                (current, faucet) = await chain.ReadAsync(engine => (
                    ((Core.Ledger.BalanceView)engine.Query("ledger.balance", new Core.Ledger.BalanceQuery(account, token))!).Balance,
                    engine.Ledger.TryGetAccount(Faucet, out _)));
            }
            catch (RefusalException e)
            {
                return Problems.Of(e.Refusal);
            }
            if (!faucet) return Problems.Of(NodeErrors.NotFound, 404, $"this chain has no '{Faucet}' account to set balances from (the development genesis has one)");
            if (current == target) return json(new { account, token, balance = target }, null, 200);
            var (from, to, difference) = target > current ? (Faucet, account, target - current) : (account, Faucet, current - target);
            var tx = new JsonObject { ["type"] = "ledger.transfer", ["sender"] = from, ["nonce"] = chain.NextNonce(from), ["to"] = to, ["token"] = token, ["amount"] = difference.Units.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var signed = SignedTransaction.Compose(chain.ChainId, tx.ToJsonString());
            return await Answer(chain, () => chain.Submit(signed, null, impersonated: true), wait: true, request.HttpContext.RequestAborted);
        });
        dev.MapGet("/dump", () => chain.Identity.GenesisState is not null
            ? Problems.Of(NodeErrors.NotAvailable, 409, "this chain started from a state, not a script, so it has no script dump: GET /dev/state dumps its state")
            : Results.Text(chain.DumpScript(), "application/json"));
        // The state itself, as a state file: `ballast node --state FILE --data other` starts a chain from it at once.
        dev.MapGet("/state", async () =>
        {
            try
            {
                var (state, height) = await chain.ReadAsync(engine => (Core.State.Persistence.EngineStateFile.Write(engine), engine.Height));
                return Results.Bytes(state, "application/octet-stream", $"{chain.ChainId}-{height}.state");
            }
            catch (RefusalException e)
            {
                return Problems.Of(e.Refusal);
            }
        });
        dev.MapGet("/keys/{account}", (string account) =>
        {
            using var key = KeyRing.DevKey(account);
            return json(new { account, seed = Convert.ToHexStringLower(KeyRing.DevSeed(account)), publicKey = KeyRing.PublicHex(key) }, null, 200);
        });
        // Act as any account without its key: the transaction is logged unsigned (development chains only).
        dev.MapPost("/impersonate", async (HttpRequest request, bool? wait) =>
        {
            var (text, problem) = await RequestBody.ReadAsync(request, options.MaxRequestBytes);
            if (problem is not null) return problem;
            string signed;
            try
            {
                var node = JsonNode.Parse(text!, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
                if (node is not JsonObject tx || tx["sender"] is not JsonValue senderValue || !senderValue.TryGetValue<string>(out var sender))
                    return Problems.Malformed("expected a transaction object with its \"sender\" (an account name)");
                tx["nonce"] ??= chain.NextNonce(sender);
                signed = SignedTransaction.Compose(chain.ChainId, tx.ToJsonString());
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                // JsonNode reports a duplicated property as an ArgumentException when the object is first read.
                return Problems.Malformed($"the body is not a JSON transaction: {ScriptText.Clean(e.Message)}");
            }
            return await Answer(chain, () => chain.Submit(signed, null, impersonated: true), wait ?? true, request.HttpContext.RequestAborted);
        });
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ballast.Node.Signing;

namespace Ballast.Node.Load;

/// <summary>
/// The load generator behind <c>ballast load</c>: opens and funds <see cref="LoadOptions.Senders"/> accounts
/// through the API (signed by dev0), then each sender submits signed transfers one after another (its next nonce
/// after its last acknowledgement) for the given time, optionally paced to a total rate. Every counted transaction
/// was acknowledged, so it is durable. Reports throughput and latency percentiles. Development chains only (it signs
/// with development keys).
/// </summary>
public static class LoadGenerator
{
    /// <param name="Batch">Transactions per request: 1 posts each alone to <c>/api/transactions</c>; more post consecutive
    /// nonces together to <c>/api/transactions/batch</c>.</param>
    /// <param name="Presign">Transactions each sender signs before the clock starts (the signing is then not timed: a
    /// measure of the node, not of the client's signing); more are signed as they are sent.</param>
    public sealed record LoadOptions(Uri Node, int Senders, TimeSpan Duration, double? RatePerSecond, string Prefix, int Batch = 1, int Presign = 0);

    public sealed record LoadReport(int Senders, double Seconds, long Acknowledged, long Refused, double TransactionsPerSecond, double P50Ms, double P99Ms, double MaxMs,
        IReadOnlyDictionary<string, long> Rejected)
    {
        /// <summary>The load generator's own garbage collections while the clock ran: its pauses are in the latencies it measures.</summary>
        public (int Collections, double PauseMs)? ClientGc { get; init; }

        public override string ToString() =>
            $"{Acknowledged:N0} signed transactions acknowledged (durable) in {Seconds:F1} s by {Senders} senders: {TransactionsPerSecond:N0} tx/s; " +
            $"latency p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms, max {MaxMs:F1} ms; {Refused} refused by the node; " +
            $"engine rejections: {(Rejected.Count == 0 ? "none" : string.Join(", ", Rejected.Select(r => $"{r.Key} {r.Value}")))}" +
            (ClientGc is { } gc ? $"; the load generator's own GC: {gc.Collections} collections, {gc.PauseMs:F0} ms paused" : "");
    }

    public static async Task<LoadReport> Run(LoadOptions options, TextWriter log, CancellationToken cancel = default)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(16, options.Senders) }) { BaseAddress = options.Node, Timeout = TimeSpan.FromMinutes(2) };
        var chain = JsonDocument.Parse(await http.GetStringAsync("/api/chain", cancel)).RootElement;
        var chainId = chain.GetProperty("chainId").GetString()!;
        var names = Enumerable.Range(0, options.Senders).Select(i => $"{options.Prefix}{i}").ToArray();
        log.WriteLine($"funding {names.Length} senders on {chainId} at {options.Node}");
        await Fund(http, chainId, names, cancel);

        var latencies = new List<double>[names.Length];
        long refused = 0;
        var rejections = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var starts = await Task.WhenAll(names.Select(name => Nonce(http, name, cancel)));
        var presigned = new string[names.Length][];
        if (options.Presign > 0)
        {
            log.WriteLine($"signing {options.Presign:N0} transfers for each sender before the clock starts");
            Parallel.For(0, names.Length, s =>
            {
                var random = new Random(s);
                using var key = KeyRing.DevKey(names[s]);
                presigned[s] = Enumerable.Range(0, options.Presign).Select(i => Transfer(chainId, key, names[s], starts[s] + (ulong)i, names[random.Next(names.Length)])).ToArray();
            });
        }
        if (options.Batch > 1) return await RunBatches(http, options, names, starts, presigned, chainId, log, cancel);
        var stopwatch = Stopwatch.StartNew();
        var tasks = names.Select((name, s) => Task.Run(async () =>
        {
            var mine = latencies[s] = new List<double>(4096);
            var random = new Random(s);
            using var key = KeyRing.DevKey(name);
            ulong nonce = starts[s];
            var ready = presigned[s];
            double interval = options.RatePerSecond is { } rate ? names.Length / rate : 0;
            // Spread the paced senders' starts so they do not all fire in the same millisecond.
            double due = interval * random.NextDouble();
            while (stopwatch.Elapsed < options.Duration && !cancel.IsCancellationRequested)
            {
                if (interval > 0)
                {
                    double wait = due - stopwatch.Elapsed.TotalSeconds;
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancel);
                    due += interval;
                }
                ulong index = nonce - starts[s];
                var body = ready is not null && index < (ulong)ready.Length ? ready[index] : Transfer(chainId, key, name, nonce, names[random.Next(names.Length)]);
                long started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/api/transactions", new StringContent(body, Encoding.UTF8, "application/json"), cancel);
                if (response.StatusCode is HttpStatusCode.UnprocessableEntity)
                {
                    var code = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement.GetProperty("code").GetString()!;
                    lock (rejections) rejections[code] = rejections.GetValueOrDefault(code) + 1;
                }
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    nonce++;
                }
                else
                {
                    Interlocked.Increment(ref refused);
                    nonce = await Nonce(http, name, cancel);
                }
            }
        }, cancel)).ToArray();
        await Task.WhenAll(tasks);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadReport(names.Length, seconds, all.Length, refused, all.Length / seconds,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1], rejections);
    }

    /// <summary>Each sender posts <see cref="LoadOptions.Batch"/> consecutive nonces per request to the batch endpoint.</summary>
    private static async Task<LoadReport> RunBatches(HttpClient http, LoadOptions options, string[] names, ulong[] starts, string[][] presigned, string chainId,
        TextWriter log, CancellationToken cancel)
    {
        var latencies = new List<double>[names.Length];
        long refused = 0;
        var rejections = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var stopwatch = Stopwatch.StartNew();
        int collections = GC.CollectionCount(0);
        var paused = GC.GetTotalPauseDuration();
        var tasks = names.Select((name, s) => Task.Run(async () =>
        {
            var mine = latencies[s] = new List<double>(4096);
            var random = new Random(s);
            using var key = KeyRing.DevKey(name);
            ulong nonce = starts[s];
            var ready = presigned[s];
            double interval = options.RatePerSecond is { } rate ? names.Length * options.Batch / rate : 0;
            double due = interval * random.NextDouble();
            // Each sender has one request out at a time, so it writes every body into one buffer of its own and reads
            // every answer into another: built as strings (the join, its UTF-8 copy, the answer's text) the load
            // generator's own collections, which pause its clocks too, were ~10 a second at half load.
            var body = new byte[4096];
            var read = new byte[16384];
            var json = new MediaTypeHeaderValue("application/json");
            while (stopwatch.Elapsed < options.Duration && !cancel.IsCancellationRequested)
            {
                if (interval > 0)
                {
                    double wait = due - stopwatch.Elapsed.TotalSeconds;
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancel);
                    due += interval;
                }
                int length = 0;
                for (int i = 0; i < options.Batch; i++)
                {
                    ulong n = nonce + (ulong)i, index = n - starts[s];
                    var text = ready is not null && index < (ulong)ready.Length ? ready[index] : Transfer(chainId, key, name, n, names[random.Next(names.Length)]);
                    int needed = length + Encoding.UTF8.GetMaxByteCount(text.Length) + 2;
                    if (needed > body.Length) Array.Resize(ref body, Math.Max(needed, body.Length * 2));
                    body[length++] = (byte)(i == 0 ? '[' : ',');
                    length += Encoding.UTF8.GetBytes(text, body.AsSpan(length));
                }
                body[length++] = (byte)']';
                long started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transactions/batch")
                {
                    Content = new ReadOnlyMemoryContent(body.AsMemory(0, length)) { Headers = { ContentType = json } },
                };
                // The answer is read here, into the sender's buffer (the client's default reads it into a stream of its own).
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
                int answerLength = 0;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(cancel);
                    int got;
                    while ((got = await stream.ReadAsync(read.AsMemory(answerLength), cancel)) > 0)
                        if ((answerLength += got) == read.Length) Array.Resize(ref read, read.Length * 2);
                }
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Add(ref refused, options.Batch);
                    nonce = await Nonce(http, name, cancel);
                    continue;
                }
                using var answer = JsonDocument.Parse(read.AsMemory(0, answerLength));
                bool resync = false;
                foreach (var item in answer.RootElement.EnumerateArray())
                {
                    if (item.TryGetProperty("accepted", out _)) { mine.Add(ms); nonce++; continue; }
                    int status = item.TryGetProperty("status", out var st) ? st.GetInt32() : 0;
                    if (status == 422)
                    {
                        var code = item.GetProperty("code").GetString()!;
                        lock (rejections) rejections[code] = rejections.GetValueOrDefault(code) + 1;
                        mine.Add(ms);
                        nonce++;
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                        resync = true;
                    }
                }
                if (resync) nonce = await Nonce(http, name, cancel);
            }
        }, cancel)).ToArray();
        await Task.WhenAll(tasks);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        var gc = (GC.CollectionCount(0) - collections, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadReport(names.Length, seconds, all.Length, refused, all.Length / seconds,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1], rejections) { ClientGc = gc };
    }

    private static string Transfer(string chainId, NSec.Cryptography.Key key, string sender, ulong nonce, string to) =>
        Body(chainId, key, sender, nonce, $"{{\"type\":\"ledger.transfer\",\"sender\":\"{sender}\",\"nonce\":{nonce},\"to\":\"{to}\",\"token\":\"TAO\",\"amount\":\"1\"}}");

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>dev0 opens each sender's account (if new) and sends it 10 TAO (the load moves 1 unit at a time).</summary>
    private static async Task Fund(HttpClient http, string chainId, string[] names, CancellationToken cancel)
    {
        using var dev0 = KeyRing.DevKey("dev0");
        ulong nonce = await Nonce(http, "dev0", cancel);
        foreach (var chunk in names.Chunk(200))
        {
            var batch = new List<string>();
            foreach (var name in chunk)
            {
                batch.Add(Body(chainId, dev0, "dev0", nonce, $"{{\"type\":\"ledger.openAccount\",\"sender\":\"dev0\",\"nonce\":{nonce},\"name\":\"{name}\"}}"));
                nonce++;
                batch.Add(Body(chainId, dev0, "dev0", nonce, $"{{\"type\":\"ledger.transfer\",\"sender\":\"dev0\",\"nonce\":{nonce},\"to\":\"{name}\",\"token\":\"TAO\",\"amount\":\"10 TAO\"}}"));
                nonce++;
            }
            // In nonce order, without waiting (the node queues them), then wait for the last one.
            foreach (var body in batch.SkipLast(1))
                (await http.PostAsync("/api/transactions?wait=false", new StringContent(body, Encoding.UTF8, "application/json"), cancel)).Dispose();
            (await http.PostAsync("/api/transactions", new StringContent(batch[^1], Encoding.UTF8, "application/json"), cancel)).Dispose();
        }
    }

    private static async Task<ulong> Nonce(HttpClient http, string account, CancellationToken cancel) =>
        JsonDocument.Parse(await http.GetStringAsync($"/api/accounts/{account}/nonce", cancel)).RootElement.GetProperty("nonce").GetUInt64();

    private static string Body(string chainId, NSec.Cryptography.Key key, string sender, ulong nonce, string transaction)
    {
        var signed = $"{{\"chainId\":\"{chainId}\",\"transaction\":{transaction}}}";
        var signature = Convert.ToBase64String(KeyRing.Sign(key, Encoding.UTF8.GetBytes(signed)));
        return $"{{\"signed\":{JsonSerializer.Serialize(signed)},\"signature\":\"{signature}\"}}";
    }

    /// <summary>
    /// Restart time for a long log: writes <paramref name="transactions"/> transfers among dev0..dev9 into a new
    /// SQLite log in <paramref name="folder"/> (blocks of <paramref name="perBlock"/>; entered as development
    /// impersonations, which replay exactly as signed ones do, since a replay trusts its own log and does not verify
    /// signatures again), closes it, then times opening it again: genesis plus the replay of every block.
    /// </summary>
    public static (TimeSpan Fill, TimeSpan Replay, TimeSpan FullReplay, long? SnapshotHeight, long Height, string StateHash) FillAndReplay(string folder, int transactions, int perBlock,
        Func<Core.Blocks.EngineOptions, Core.Blocks.Engine> createEngine, TextWriter log)
    {
        var identity = new Storage.ChainIdentity("ballast-dev", NodeHost.DevelopmentGenesis(), Development: true);
        var fill = Stopwatch.StartNew();
        using (var chain = Chain.NodeChain.Open(Storage.SqliteNodeStore.Open(Path.Combine(folder, "chain.db")), KeyRing.Development(), identity, createEngine, genesisGiven: false))
        {
            if (chain.Height != chain.SetupHeight) throw new InvalidOperationException($"{folder} already holds a log; give an empty folder");
            var nonces = new ulong[10];
            for (int i = 0; i < transactions; i++)
            {
                int from = i % 10, to = (i / 10 + 1 + from) % 10;
                var signed = $"{{\"chainId\":\"ballast-dev\",\"transaction\":{{\"type\":\"ledger.transfer\",\"sender\":\"dev{from}\",\"nonce\":{nonces[from]++},\"to\":\"dev{to}\",\"token\":\"TAO\",\"amount\":\"1\"}}}}";
                _ = chain.Submit(signed, null, impersonated: true);
                if ((i + 1) % perBlock == 0 || i + 1 == transactions)
                {
                    chain.MineAsync().GetAwaiter().GetResult();
                    if ((i + 1) % (perBlock * 10) == 0) log.WriteLine($"  {i + 1:N0} transactions written");
                }
            }
        }
        fill.Stop();
        // A restart as the node does it (the latest stored snapshot, then the blocks after it), then one that replays
        // the whole log (--full-replay): both must reach the same state.
        var replay = Stopwatch.StartNew();
        using var reopened = Chain.NodeChain.Open(Storage.SqliteNodeStore.Open(Path.Combine(folder, "chain.db")), KeyRing.Development(), identity, createEngine, genesisGiven: false);
        replay.Stop();
        var full = Stopwatch.StartNew();
        using var replayed = Chain.NodeChain.Open(Storage.SqliteNodeStore.Open(Path.Combine(folder, "chain.db")), KeyRing.Development(), identity, createEngine, genesisGiven: false,
            new Chain.ChainSettings { FullReplay = true });
        full.Stop();
        if (replayed.StateHash() != reopened.StateHash() || replayed.Height != reopened.Height)
            throw new InvalidOperationException($"the restart from the snapshot reached {reopened.StateHash()} at {reopened.Height}; the full replay {replayed.StateHash()} at {replayed.Height}");
        return (fill.Elapsed, replay.Elapsed, full.Elapsed, reopened.RestoredFromSnapshot, reopened.Height, reopened.StateHash());
    }
}

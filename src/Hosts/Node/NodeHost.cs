using System.Reflection;
using System.Threading.RateLimiting;
using Ballast.Core.Blocks;
using Ballast.Node.Api;
using Ballast.Node.Chain;
using Ballast.Node.Signing;
using Ballast.Node.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace Ballast.Node;

/// <summary>
/// Builds and runs the node: opens the store (SQLite in the data folder, or PostgreSQL), opens the chain (genesis,
/// then the replay of the log), and serves the API, the OpenAPI document and its reference page on Kestrel.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NodeHost(WebApplication app, NodeChain chain, Miner miner)
    {
        _app = app;
        Chain = chain;
        Miner = miner;
    }

    public NodeChain Chain { get; }
    public Miner Miner { get; }

    /// <summary>The address the node listens on (the real port when 0 was asked for), once started.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The bundled development genesis script.</summary>
    public static string DevelopmentGenesis()
    {
        using var stream = typeof(NodeHost).Assembly.GetManifestResourceStream("dev-genesis.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static INodeStore OpenStore(NodeOptions options) => options.Postgres is { } connection
        ? PostgresNodeStore.Open(connection)
        : SqliteNodeStore.Open(Path.Combine(options.DataFolder, "chain.db"));

    /// <summary>Opens the store and the chain and builds the web host (not yet started).</summary>
    public static NodeHost Create(NodeOptions options, Func<EngineOptions, Engine> createEngine, Func<Type, string?>? summary = null) =>
        Create(options, createEngine, summary, null);

    /// <summary>
    /// As <see cref="Create(NodeOptions, Func{EngineOptions, Engine}, Func{Type, string?}?)"/>, a new chain starting from
    /// <paramref name="genesisState"/> (state-file bytes) when given: a dump, or a simulated path at a block; otherwise
    /// from the state file <see cref="NodeOptions.StateFile"/> names, if any.
    /// </summary>
    public static NodeHost Create(NodeOptions options, Func<EngineOptions, Engine> createEngine, Func<Type, string?>? summary, byte[]? genesisState)
    {
        if (genesisState is not null && options.StateFile is not null)
            throw new InvalidOperationException("a chain starts from one state: --state or --from, not both");
        genesisState ??= options.StateFile is { } stateFile ? File.ReadAllBytes(stateFile) : null;
        if (genesisState is not null && options.GenesisFile is not null)
            throw new InvalidOperationException("a chain starts from a genesis script or from a state, not both");
        var genesis = genesisState is not null ? "" : options.GenesisFile is { } file ? File.ReadAllText(file) : DevelopmentGenesis();
        KeyRing keys = options.Development ? KeyRing.Development()
            : options.KeysFile is { } keysFile ? KeyRing.FromJson(File.ReadAllText(keysFile))
            : throw new InvalidOperationException("outside development mode the node needs --keys FILE (account → Ed25519 public key)");
        var store = OpenStore(options);
        NodeChain chain;
        try
        {
            chain = NodeChain.Open(store, keys, new ChainIdentity(options.ChainId, genesis, options.Development) { GenesisState = genesisState }, createEngine,
                options.GenesisFile is not null || genesisState is not null, options.Chain);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Services.AddSingleton(chain);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeMetrics>();
        builder.Services.AddSingleton<Miner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Miner>());
        if (options.RequestsPerSecondPerClient > 0)
        {
            builder.Services.AddRateLimiter(limiter =>
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RequestsPerSecondPerClient,
                        TokensPerPeriod = options.RequestsPerSecondPerClient,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
                limiter.OnRejected = async (context, cancel) =>
                {
                    context.HttpContext.Response.Headers.RetryAfter = "1";
                    await Problems.Of(NodeErrors.RateLimited, 429, $"more than {options.RequestsPerSecondPerClient} requests a second from this client; retry after a second")
                        .ExecuteAsync(context.HttpContext);
                };
            });
        }
        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<NodeMetrics>();
        app.Use(async (context, next) =>
        {
            long arrived = System.Diagnostics.Stopwatch.GetTimestamp();
            await next(context);
            metrics.Response(context.Response.StatusCode);
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/transactions"))
                metrics.Submissions.Observe(System.Diagnostics.Stopwatch.GetTimestamp() - arrived);
        });
        var gcSampler = new Timer(_ => metrics.SampleGcPauses(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        app.Lifetime.ApplicationStopping.Register(() => gcSampler.Dispose());
        app.UseStatusCodePages(async context =>
        {
            // Routing's own refusals (no such path, wrong method, a path parameter of the wrong kind) as problems too.
            var status = context.HttpContext.Response.StatusCode;
            if (!context.HttpContext.Response.HasStarted)
                await Problems.Of(status == 404 ? NodeErrors.NotFound : NodeErrors.MalformedRequest, status,
                    status == 404 ? "no such endpoint (GET /openapi/v1.json lists them)" : $"the request was refused ({status})").ExecuteAsync(context.HttpContext);
        });
        if (options.RequestsPerSecondPerClient > 0) app.UseRateLimiter();
        var openApi = chain.Read(engine => OpenApiDocument.Write(engine, summary ?? (_ => null)));
        NodeApi.Map(app, chain, app.Services.GetRequiredService<Miner>(), options, metrics, openApi);
        app.MapScalarApiReference("/docs", o => o.WithTitle("Ballast node API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return new NodeHost(app, chain, app.Services.GetRequiredService<Miner>());
    }

    public Task StartAsync(CancellationToken cancel = default) => _app.StartAsync(cancel);

    public Task WaitForShutdownAsync(CancellationToken cancel = default) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Chain.Dispose();
    }

    /// <summary>The lines printed at start: address, chain, store, and the development accounts with their keys.</summary>
    public IEnumerable<string> Banner(NodeOptions options)
    {
        yield return $"Ballast node: chain {Chain.ChainId}, {Chain.StoreKind} store, height {Chain.Height} (state {Chain.StateHash()[..16]}…), mining {Miner.Mode}";
        if (Chain.RestoredFromSnapshot is { } snapshot) yield return $"Started from the stored snapshot at block {snapshot}, then replayed {Chain.Height - snapshot} blocks of the log";
        if (Chain.Development)
        {
            yield return "Development accounts (keys are public: SHA-256 of \"ballast-dev-key:\" + name; every account has one in development mode):";
            var accounts = Chain.Read(e => e.Ledger.NonZeroBalances().Select(b => b.Account.Name).Where(n => n.StartsWith("dev", StringComparison.Ordinal)).Distinct().ToList());
            foreach (var name in accounts)
            {
                using var key = KeyRing.DevKey(name);
                yield return $"  {name,-6} seed {Convert.ToHexStringLower(KeyRing.DevSeed(name))}  public {KeyRing.PublicHex(key)}";
            }
        }
        yield return $"Listening on {Address} (API reference {new Uri(Address, "docs")}, OpenAPI {new Uri(Address, "openapi/v1.json")})";
    }
}

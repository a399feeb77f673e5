using Ballast.Node.Chain;

namespace Ballast.Node;

/// <summary>How <c>ballast node</c> runs. Every default is what a developer wants on a fresh machine.</summary>
public sealed record NodeOptions
{
    /// <summary>The data folder (SQLite file <c>chain.db</c>). <value>The default value is <c>./ballast-data</c>.</value></summary>
    public string DataFolder { get; init; } = "ballast-data";

    /// <summary>A PostgreSQL connection string; when set, the log lives there instead of SQLite.</summary>
    public string? Postgres { get; init; }

    /// <summary>A genesis script (the format of <c>ballast exec</c>); null: the bundled development genesis.</summary>
    public string? GenesisFile { get; init; }

    /// <summary>A state file (<c>GET /dev/state</c>, or a simulated path's state) a new chain starts from instead of a genesis script.</summary>
    public string? StateFile { get; init; }

    /// <summary>When the chain stores state snapshots, and whether a start ignores them.</summary>
    public ChainSettings Chain { get; init; } = new();

    /// <summary>The chain id signatures commit to. <value>The default value is <c>ballast-dev</c>.</value></summary>
    public string ChainId { get; init; } = "ballast-dev";

    /// <summary>Development mode: dev keys for every account, development controls. <value>The default value is true.</value></summary>
    public bool Development { get; init; } = true;

    /// <summary>Outside development mode: the file of account → Ed25519 public key (hex).</summary>
    public string? KeysFile { get; init; }

    public MiningMode Mining { get; init; } = MiningMode.Interval;

    /// <summary>Seconds between blocks in interval mode. <value>The default value is 12.</value></summary>
    public double BlockIntervalSeconds { get; init; } = 12;

    /// <summary>Address to listen on. <value>The default value is 127.0.0.1.</value></summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port (0: any free port, printed at start). <value>The default value is 8547.</value></summary>
    public int Port { get; init; } = 8547;

    /// <summary>Largest request body, bytes. <value>The default value is 65,536.</value></summary>
    public long MaxRequestBytes { get; init; } = 64 * 1024;

    /// <summary>Requests per second each client address may send (burst: one second's worth). 0: no limit. <value>The default value is 5,000.</value></summary>
    public int RequestsPerSecondPerClient { get; init; } = 5_000;

    /// <summary>Print the development keys and the listening address. <value>The default value is true.</value></summary>
    public bool Banner { get; init; } = true;
}

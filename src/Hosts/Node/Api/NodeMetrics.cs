using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Ballast.Node.Chain;

namespace Ballast.Node.Api;

/// <summary>Counters the node exports at <c>/metrics</c> in the Prometheus text format (version 0.0.4).</summary>
public sealed class NodeMetrics
{
    private readonly ConcurrentDictionary<int, long> _responses = new();
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);

    public void Response(int status) => _responses.AddOrUpdate(status, 1, (_, n) => n + 1);

    /// <summary>Submission requests (<c>POST /api/transactions</c> and <c>/batch</c>) from their arrival to their answer, as the node saw them.</summary>
    public LatencyHistogram Submissions { get; } = new("ballast_node_submit_request_seconds",
        "Time from a submission request's arrival (single or batch) to its answer, in the node (includes the wait for the block to be durable).");

    /// <summary>Garbage-collection pauses, sampled (a pause shorter than the sampling interval apart from the next of its kind may be missed).</summary>
    public LatencyHistogram GcPauses { get; } = new("ballast_node_gc_pause_seconds", "Garbage-collection pauses, sampled every 10 ms by kind (ephemeral, full blocking, background).");

    private static readonly GCKind[] s_gcKinds = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];
    private readonly long[] _lastGcIndex = new long[s_gcKinds.Length];

    /// <summary>Records the pauses of collections that ended since the last call (called every 10 ms by the host).</summary>
    public void SampleGcPauses()
    {
        for (int k = 0; k < s_gcKinds.Length; k++)
        {
            var info = GC.GetGCMemoryInfo(s_gcKinds[k]);
            if (info.Index == 0 || info.Index == _lastGcIndex[k]) continue;
            _lastGcIndex[k] = info.Index;
            foreach (var pause in info.PauseDurations)
                if (pause > TimeSpan.Zero) GcPauses.Observe(pause);
        }
    }

    public void Refused(string code) => _refusals.AddOrUpdate(code, 1, (_, n) => n + 1);

    public string Render(NodeChain chain)
    {
        var text = new StringBuilder();
        Gauge(text, "ballast_node_height", "Height of the last durable block.", chain.Height);
        Gauge(text, "ballast_node_pending_transactions", "Transactions waiting for a block.", chain.PendingCount);
        Gauge(text, "ballast_node_halted", "1 when the node refuses writes after a failure.", chain.HaltReason is null ? 0 : 1);
        Counter(text, "ballast_node_blocks_total", "Blocks mined and committed since start.", chain.Stats.Blocks);
        Counter(text, "ballast_node_transactions_total", "Transactions included since start.", chain.Stats.Transactions);
        Counter(text, "ballast_node_transactions_rejected_total", "Included transactions the engine rejected.", chain.Stats.Rejected);
        text.Append("# HELP ballast_node_block_seconds_total Time spent per part of the block pipeline: the miner waiting for the engine, executing (and hashing), recording receipts and events, serializing receipts and rows, waiting for the committer (handoff); the committer storing (the flush included) and publishing.\n# TYPE ballast_node_block_seconds_total counter\n");
        foreach (var (part, seconds) in new[] { ("wait", chain.Stats.WaitSeconds), ("execute", chain.Stats.ExecuteSeconds), ("record", chain.Stats.RecordSeconds),
                     ("serialize", chain.Stats.SerializeSeconds), ("handoff", chain.Stats.HandoffSeconds), ("store", chain.Stats.StoreSeconds), ("publish", chain.Stats.PublishSeconds) })
            text.Append(CultureInfo.InvariantCulture, $"ballast_node_block_seconds_total{{part=\"{part}\"}} {seconds}\n");
        Counter(text, "ballast_node_snapshots_total", "State snapshots stored since start.", chain.Stats.Snapshots);
        Counter(text, "ballast_node_snapshots_abandoned_total", "State snapshots given up since start: still being written at the lowest priority when the next fell due, which was written at normal priority instead.", chain.Stats.SnapshotsAbandoned);
        text.Append("# HELP ballast_node_snapshot_seconds_total Time spent on state snapshots: copying the state (under the engine's lock, every block waits) and writing it (serializing and storing, in the background).\n# TYPE ballast_node_snapshot_seconds_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"ballast_node_snapshot_seconds_total{{part=\"take\"}} {chain.Stats.SnapshotTakeSeconds}\n");
        text.Append(CultureInfo.InvariantCulture, $"ballast_node_snapshot_seconds_total{{part=\"write\"}} {chain.Stats.SnapshotWriteSeconds}\n");
        Counter(text, "ballast_node_commit_seconds_total", "Time from the start of each block's execution to its publication (durable), summed over blocks.", chain.Stats.CommitSeconds);
        // The runtime's own counts: garbage collections (pauses are the usual tail-latency suspect), bytes allocated,
        // and the thread pool (a starved pool queues work while its threads wait).
        Counter(text, "ballast_node_gc_pause_seconds_total", "Time the garbage collector paused the process since start.", GC.GetTotalPauseDuration().TotalSeconds);
        text.Append("# HELP ballast_node_gc_collections_total Garbage collections since start, by generation.\n# TYPE ballast_node_gc_collections_total counter\n");
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
            text.Append(CultureInfo.InvariantCulture, $"ballast_node_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        Counter(text, "ballast_node_allocated_bytes_total", "Bytes allocated on the managed heap since start.", GC.GetTotalAllocatedBytes());
        Counter(text, "process_cpu_seconds_total", "CPU time of the node process (user and system) since start.", Environment.CpuUsage.TotalTime.TotalSeconds);
        Gauge(text, "ballast_node_heap_bytes", "Bytes of the managed heap after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        Gauge(text, "ballast_node_threadpool_threads", "Thread-pool threads.", ThreadPool.ThreadCount);
        Counter(text, "ballast_node_threadpool_queued_total", "Work items the thread pool ran since start.", ThreadPool.CompletedWorkItemCount);
        Submissions.Render(text);
        chain.Stats.BlockLatency.Render(text);
        GcPauses.Render(text);
        text.Append("# HELP ballast_node_http_responses_total HTTP responses by status code.\n# TYPE ballast_node_http_responses_total counter\n");
        foreach (var (status, n) in _responses.OrderBy(p => p.Key))
            text.Append(CultureInfo.InvariantCulture, $"ballast_node_http_responses_total{{status=\"{status}\"}} {n}\n");
        text.Append("# HELP ballast_node_refusals_total Requests refused, by stable code.\n# TYPE ballast_node_refusals_total counter\n");
        foreach (var (code, n) in _refusals.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"ballast_node_refusals_total{{code=\"{code}\"}} {n}\n");
        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private static void Counter(StringBuilder text, string name, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}

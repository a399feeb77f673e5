using Microsoft.Extensions.Hosting;

namespace Ballast.Node.Chain;

/// <summary>
/// Makes blocks by the mining mode: at once when transactions wait (automine), on every interval, or never
/// (manual: only the development control mines). The mode can change while the node runs.
/// </summary>
public sealed class Miner : BackgroundService
{
    private readonly NodeChain _chain;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private int _signalled;

    public Miner(NodeChain chain, NodeOptions options, TimeProvider time)
    {
        _chain = chain;
        _time = time;
        Mode = options.Mining;
        Interval = TimeSpan.FromSeconds(options.BlockIntervalSeconds);
        chain.TransactionQueued += Wake;
    }

    public MiningMode Mode { get; private set; }
    public TimeSpan Interval { get; private set; }

    public void SetMode(MiningMode mode, TimeSpan? interval)
    {
        Mode = mode;
        if (interval is { } i) Interval = i;
        Wake(force: true);
    }

    private void Wake() => Wake(force: false);

    private void Wake(bool force)
    {
        // One pending wake-up is enough: the miner takes every waiting transaction when it runs.
        if (force || Interlocked.Exchange(ref _signalled, 1) == 0) _wake.Release();
    }

    /// <summary>
    /// Runs the mining loop on a thread of its own: on the thread pool its every wake-up would wait in the queue behind
    /// the request work that is filling the pool, and each block with it.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stop) =>
        Task.Factory.StartNew(() => Loop(stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken stop)
    {
        Thread.CurrentThread.Name = "ballast-miner";
        PipelineThreads.Raise();
        var next = _time.GetUtcNow() + Interval;
        while (!stop.IsCancellationRequested)
        {
            var mode = Mode;
            // Interval mode waits for the next block's time (a late miner mines at once); the others wait to be woken.
            var wait = mode == MiningMode.Interval ? Max(next - _time.GetUtcNow(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan;
            try
            {
                _wake.Wait(wait, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Exchange(ref _signalled, 0);
            if (_chain.HaltReason is not null) continue;
            if (Mode == MiningMode.Automine)
            {
                // Each block is handed to the committer without waiting for its flush: the next one executes meanwhile.
                while (_chain.PendingCount > 0 && !stop.IsCancellationRequested && _chain.HaltReason is null)
                    _chain.MineNext();
            }
            else if (Mode == MiningMode.Interval && _time.GetUtcNow() >= next)
            {
                _chain.MineNext();
                next = _time.GetUtcNow() + Interval;
            }
            else if (Mode == MiningMode.Interval && mode != MiningMode.Interval)
            {
                next = _time.GetUtcNow() + Interval;
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public override void Dispose()
    {
        _chain.TransactionQueued -= Wake;
        _wake.Dispose();
        base.Dispose();
    }
}

using Ballast.Core.Blocks;
using Ballast.Core.Serialization;

namespace Ballast.Core.Scripting;

/// <summary>
/// Applies a script to a fresh engine: genesis, then each step. Rejected transactions are reported, not thrown;
/// only a broken invariant (an engine bug) throws.
/// </summary>
public static class ScriptRunner
{
    /// <param name="createEngine">Builds the engine with every module the host offers.</param>
    /// <param name="progress">Called with (blocks done, blocks in all) as long advances run.</param>
    /// <exception cref="Serialization.TransactionFormatException">The script cannot be read (the line and the field say why).</exception>
    public static ExecReport Run(ReadOnlyMemory<byte> json, Func<EngineOptions, Engine> createEngine, Action<long, long>? progress = null)
    {
        var document = ScriptParser.Load(json);
        var engine = createEngine(document.EngineOptions(new EngineOptions()));
        var script = document.Read(engine.Catalog, engine.KeeperNames.ToList());
        return Run(script, engine, progress);
    }

    public static ExecReport Run(Script script, Engine engine, Action<long, long>? progress = null)
    {
        var rejections = new List<ExecRejection>();
        var checkpoints = new List<ExecCheckpoint>();
        int applied = 0;
        long totalBlocks = script.Steps.Sum(s => s.Advance ?? (s.Block is null ? 0 : 1));
        long doneBlocks = 0;

        var genesisResults = engine.ApplyGenesis(script.Genesis);
        for (int i = 0; i < genesisResults.Count; i++)
            Record(0, i, 0, script.Genesis[i], genesisResults[i]);

        foreach (var step in script.Steps)
        {
            if (step.Block is { } block)
            {
                var txs = WithKeepers(block, step.Keepers);
                var result = engine.ExecuteBlock(txs);
                for (int i = 0; i < txs.Count; i++) Record(result.Height, i, step.Line, txs[i], result.Results[i]);
                progress?.Invoke(++doneBlocks, totalBlocks);
            }
            else if (step.Advance is { } kept && step.Keepers.Count > 0)
            {
                for (long b = 0; b < kept; b++)
                {
                    var txs = WithKeepers([], step.Keepers);
                    var result = engine.ExecuteBlock(txs);
                    for (int i = 0; i < txs.Count; i++) Record(result.Height, i, step.Line, txs[i], result.Results[i]);
                    if (++doneBlocks % 1_000 == 0) progress?.Invoke(doneBlocks, totalBlocks);
                }
                progress?.Invoke(doneBlocks, totalBlocks);
            }
            else if (step.Advance is { } n)
            {
                const long chunk = 1_000;
                for (long done = 0; done < n; done += chunk)
                {
                    long run = Math.Min(chunk, n - done);
                    engine.AdvanceBlocks(run);
                    doneBlocks += run;
                    progress?.Invoke(doneBlocks, totalBlocks);
                }
            }
            else if (step.Checkpoint is { } label)
            {
                checkpoints.Add(new ExecCheckpoint(label, engine.Height, StateView.Describe(engine), engine.StateHash()));
            }
        }

        var events = engine.Events.Records
            .Select(r => new ExecEvent(r.Block, r.TxIndex < 0 ? null : r.TxIndex, engine.EventName(r.Event), r.Event))
            .ToList();
        return new ExecReport(script.Description, script.Seed, engine.Height, applied, rejections.Count, events, rejections,
            checkpoints, StateView.Describe(engine), engine.StateHash());

        IReadOnlyList<Envelope> WithKeepers(IReadOnlyList<Envelope> own, IReadOnlyList<KeeperRun> runs)
        {
            if (runs.Count == 0) return own;
            var txs = new List<Envelope>(own);
            long next = engine.Height + 1;
            foreach (var run in runs)
                engine.RunKeeper(run.Keeper, run.Accounts[(int)(next % run.Accounts.Count)], txs);
            return txs;
        }

        void Record(long height, int index, int line, Envelope tx, TxResult result)
        {
            if (result.Accepted) { applied++; return; }
            rejections.Add(new ExecRejection(height, index, line, engine.Catalog.NameOf(tx.Payload), tx.Sender, result.Error!.Value.Name, result.Message ?? ""));
        }
    }
}

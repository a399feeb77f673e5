using System.Collections.Concurrent;
using System.Text.Json;

namespace Ballast.Node.Chain;

/// <summary>
/// The event history. The latest events are held in memory (<see cref="ChainSettings.EventsInMemory"/>), the genesis
/// script's always; the rest are read from the log, which keeps every transaction's events in its outcome and every
/// block's own events (the hooks') in its row, with the number of the block's first event to find where a reader
/// starts. A node whose log began before schema 4 serves the events of the blocks logged since, and those in memory.
/// </summary>
public sealed partial class NodeChain
{
    /// <summary>Events read from the log per answer at most, by default (<see cref="ChainSettings.EventsExaminedFromLogPerAnswer"/>).</summary>
    public const int MaxEventsExaminedFromLog = 50_000;

    /// <summary>Blocks read from the log per answer at most (a chain may have long runs of blocks without events).</summary>
    public const int MaxBlocksExaminedFromLog = 20_000;

    // Event name → the JSON names of its string fields: the accounts an event read from the log names (AccountsOf's for
    // an event in memory).
    private readonly ConcurrentDictionary<string, string[]> _accountFieldNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The number from which the node serves every event up to the newest: 0 when it serves the whole history (the
    /// genesis script's events, then the log's from its first block, then memory), else the first event of the oldest
    /// block the log numbers events for, or the oldest in memory, whichever is older. Null before any event.
    /// </summary>
    public long? OldestEventSeq
    {
        get
        {
            lock (_published)
            {
                long setupEnd = _setupEvents.Count == 0 ? 0 : _setupEvents[^1].Seq + 1;
                long? oldest = _events.Count > 0 ? _events[0].Seq : null;
                if (_loggedEventsFrom is { } logged && (oldest is null || logged < oldest)) oldest = logged;
                if (oldest is { } o && o <= setupEnd) return _setupEvents.Count > 0 ? _setupEvents[0].Seq : o;
                return oldest;
            }
        }
    }

    /// <summary>Events held in memory (the latest, besides the genesis script's).</summary>
    internal int EventsHeld
    {
        get { lock (_published) return _events.Count; }
    }

    /// <summary>Events in block range [from, to], of the given types and naming the account, after sequence <paramref name="afterSeq"/>.</summary>
    public IReadOnlyList<NodeEvent> Events(EventFilter filter, long afterSeq, int limit) => ReadEvents(filter, afterSeq, limit).Events;

    /// <summary>
    /// Up to <paramref name="limit"/> events numbered after <paramref name="afterSeq"/> that <paramref name="filter"/>
    /// matches, in order: the genesis script's, then the log's, then those in memory. A page that stopped after
    /// <see cref="ChainSettings.EventsExaminedFromLogPerAnswer"/> events of the log, short of the limit, says where to go on
    /// (<see cref="EventPage.ResumeAfter"/>).
    /// </summary>
    public EventPage ReadEvents(EventFilter filter, long afterSeq, int limit)
    {
        var page = new PageBuilder(filter, afterSeq, Math.Max(1, limit));
        if (afterSeq >= long.MaxValue - 1) return page.Done(); // no event is numbered after it (and the arithmetic below stays in range)
        List<NodeEvent> setup;
        lock (_published) setup = _setupEvents;
        foreach (var e in setup)
            if (!page.Look(e)) return page.Done();
        // The log between what was looked at and memory, then memory; if the window moved on meanwhile, the log again.
        for (int round = 0; round < 8; round++)
        {
            long memoryFrom;
            long? loggedFrom;
            lock (_published)
            {
                memoryFrom = _events.Count > 0 ? _events[0].Seq : long.MaxValue;
                loggedFrom = _loggedEventsFrom;
            }
            if (page.Examined + 1 < memoryFrom && loggedFrom is not null)
            {
                ReadLoggedEvents(page, memoryFrom);
                if (page.Stopped) return page.Done();
            }
            lock (_published)
            {
                if (_events.Count > 0 && _events[0].Seq > memoryFrom && page.Examined + 1 < _events[0].Seq && loggedFrom is not null) continue;
                // Numbers rise through the list but may jump (a restart from a snapshot numbers on from the snapshot's).
                int lo = 0, hi = _events.Count;
                while (lo < hi)
                {
                    int mid = (lo + hi) / 2;
                    if (_events[mid].Seq <= page.Examined) lo = mid + 1; else hi = mid;
                }
                for (int i = lo; i < _events.Count; i++)
                    if (!page.Look(_events[i])) break;
            }
            return page.Done();
        }
        return page.Done();
    }

    /// <summary>The log's events numbered after what the page has looked at and before <paramref name="memoryFrom"/>.</summary>
    private void ReadLoggedEvents(PageBuilder page, long memoryFrom)
    {
        long? start;
        lock (_readGate) start = _store.EventBlock(page.Examined + 1);
        if (start is null)
        {
            // Before the first block that numbers its events: start there.
            lock (_readGate) start = _store.FirstEventBlock()?.Height;
            if (start is null) return;
        }
        long from = Math.Max(start.Value, page.Filter.FromBlock ?? long.MinValue);
        long upto;
        lock (_published) upto = Math.Min(_durableHeight, page.Filter.ToBlock ?? long.MaxValue);
        if (from > upto) return;
        var blockEvents = new List<NodeEvent>();
        // One cursor over the range, read as far as the page needs: blocks of 10,000 transactions made any fixed number
        // of blocks per read hundreds of thousands of rows. The reader's lock only holds other readers of the log (the
        // committer writes on the other connection).
        lock (_readGate)
            foreach (var block in _store.ReadEventBlocks(from - 1, upto))
            {
                // Every event numbered before the block's first is in the blocks before it: looked at, or before the range.
                if (block.FirstEvent!.Value >= memoryFrom) return;
                page.Skip(block.FirstEvent.Value - 1);
                if (++page.BlocksFromLog > MaxBlocksExaminedFromLog) { page.Budget(); return; }
                blockEvents.Clear();
                EventsOf(block, page.Filter.Account is not null, blockEvents);
                foreach (var e in blockEvents)
                {
                    if (e.Seq >= memoryFrom) return;
                    if (!page.Look(e)) return;
                    if (++page.ExaminedFromLog >= _settings.EventsExaminedFromLogPerAnswer) { page.Budget(); return; }
                }
            }
    }

    /// <summary>A logged block's events in order: its transactions' (from their outcomes) and its own.</summary>
    private void EventsOf(Storage.StoredBlock block, bool withAccounts, List<NodeEvent> into)
    {
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            if (tx.Outcome is null) continue;
            using var outcome = JsonDocument.Parse(tx.Outcome);
            string? sender = null;
            if (withAccounts)
            {
                using var signed = JsonDocument.Parse(tx.Signed);
                sender = signed.RootElement.GetProperty("transaction").GetProperty("sender").GetString();
            }
            foreach (var e in outcome.RootElement.GetProperty("events").EnumerateArray())
                into.Add(LoggedEvent(e, block.Height, i, tx.Hash, sender, withAccounts));
        }
        if (block.Events is { } own)
        {
            using var events = JsonDocument.Parse(own);
            foreach (var e in events.RootElement.EnumerateArray())
                into.Add(LoggedEvent(e, block.Height, null, null, null, withAccounts));
        }
        into.Sort((a, b) => a.Seq.CompareTo(b.Seq));
    }

    private NodeEvent LoggedEvent(JsonElement e, long height, int? index, string? hash, string? sender, bool withAccounts)
    {
        if (!withAccounts) return NodeEvent.FromLogged(e, height, index, hash);
        var data = e.GetProperty("data");
        var accounts = new List<string>();
        foreach (var field in AccountFieldNames(e.GetProperty("name").GetString()!))
            if (data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } account && !accounts.Contains(account))
                accounts.Add(account);
        if (sender is not null && !accounts.Contains(sender)) accounts.Add(sender);
        return NodeEvent.FromLogged(e, height, index, hash, [.. accounts]);
    }

    /// <summary>The JSON names of an event's string fields, in declaration order (the fields <see cref="AccountsOf"/> reads).</summary>
    private string[] AccountFieldNames(string eventName) => _accountFieldNames.GetOrAdd(eventName, name =>
    {
        if (!_engine.EventCatalog.TryGet(name, out var info)) return [];
        var names = new List<string>();
        foreach (var property in NodeEvent.AccountProperties(info.Type))
        {
            // The name the serializer writes it under: its attribute's, else the options' naming policy's.
            var attribute = (System.Text.Json.Serialization.JsonPropertyNameAttribute?)Attribute.GetCustomAttribute(property, typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute));
            names.Add(attribute?.Name ?? _json.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name);
        }
        return [.. names];
    });

    /// <summary>Collects a page: looks at events in rising order, keeps the matching ones, stops at the limit or the budget.</summary>
    private sealed class PageBuilder(EventFilter filter, long afterSeq, int limit)
    {
        private readonly List<NodeEvent> _found = [];
        private bool _budget;

        public EventFilter Filter { get; } = filter;

        /// <summary>Every event numbered up to here has been looked at.</summary>
        public long Examined { get; private set; } = afterSeq;

        public int ExaminedFromLog { get; set; }

        public int BlocksFromLog { get; set; }

        /// <summary>Marks every event numbered up to <paramref name="seq"/> as looked at (none of them is left to see).</summary>
        public void Skip(long seq)
        {
            if (seq > Examined && _found.Count < limit) Examined = seq;
        }

        /// <summary>The page is full, or the log's budget is spent.</summary>
        public bool Stopped => _found.Count >= limit || _budget;

        /// <summary>Looks at an event (passed over when already looked at); false once the page is full.</summary>
        public bool Look(NodeEvent e)
        {
            if (_found.Count >= limit) return false;
            if (e.Seq <= Examined) return true;
            Examined = e.Seq;
            if (Filter.Matches(e)) _found.Add(e);
            return _found.Count < limit;
        }

        public void Budget() => _budget = _found.Count < limit;

        public EventPage Done() => new(_found, _budget ? Examined : null);
    }
}

/// <summary>
/// A page of events. <see cref="ResumeAfter"/> is set when the node stopped reading its log short of the limit (a
/// filter that matches few of many events): pass it as <c>after</c> to go on.
/// </summary>
public sealed record EventPage(IReadOnlyList<NodeEvent> Events, long? ResumeAfter);

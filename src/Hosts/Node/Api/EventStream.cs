using System.Text.Json;
using System.Threading.Channels;
using Ballast.Node.Chain;
using Microsoft.AspNetCore.Http;

namespace Ballast.Node.Api;

/// <summary>
/// Server-sent events: <c>event: block</c> for each durable block and <c>event: event</c> for each engine event
/// that passes the filter, as they are committed. A reader more than 10,000 messages behind loses the oldest ones
/// (the <c>id</c> of each event is its sequence number: <c>GET /api/events?after=</c> fills a gap) rather than holding
/// the node's memory.
/// </summary>
internal static class EventStream
{
    private const int Capacity = 10_000;

    public static async Task Run(HttpContext context, NodeChain chain, EventFilter filter, bool blocks)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnBlock(BlockInfo block, IReadOnlyList<NodeEvent> events)
        {
            if (blocks) channel.Writer.TryWrite($"event: block\ndata: {JsonSerializer.Serialize(block, chain.Json)}\n\n");
            foreach (var e in events)
                if (filter.Matches(e)) channel.Writer.TryWrite($"event: event\nid: {e.Seq}\ndata: {JsonSerializer.Serialize(e, chain.Json)}\n\n");
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        chain.BlockCommitted += OnBlock;
        try
        {
            await context.Response.WriteAsync($": ballast node {chain.ChainId} at height {chain.Height}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            while (await channel.Reader.WaitToReadAsync(context.RequestAborted))
            {
                while (channel.Reader.TryRead(out var message))
                    await context.Response.WriteAsync(message, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            chain.BlockCommitted -= OnBlock;
        }
    }
}

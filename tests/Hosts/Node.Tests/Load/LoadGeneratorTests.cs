using Ballast.Node.Load;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Load;

/// <summary>
/// The load generator the benchmarks are measured with (<c>ballast load</c>): what it counts as acknowledged is what the
/// node holds. After a run, each sender's next nonce on the node is its first plus the transactions counted for it,
/// in all the count of the report; nothing refused; in batches (one buffer per sender for bodies and answers, the
/// presigned ones and those signed on the way) as well as one at a time.
/// </summary>
public sealed class LoadGeneratorTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(20, 0)]
    [InlineData(20, 30)]   // the first 30 of each sender presigned, the rest signed as sent
    public async Task What_the_load_generator_counts_is_what_the_node_holds(int batch, int presign)
    {
        using var place = Stores.Create("sqlite");
        await using var node = await TestNode.Start(TestNode.Automine(place.Options));
        var options = new LoadGenerator.LoadOptions(node.Host.Address, Senders: 4, Duration: TimeSpan.FromSeconds(1.5), RatePerSecond: null, Prefix: $"lg{batch}-{presign}-",
            Batch: batch, Presign: presign);
        var report = await LoadGenerator.Run(options, TextWriter.Null);

        report.Refused.ShouldBe(0);
        report.Rejected.ShouldBeEmpty();
        report.Acknowledged.ShouldBeGreaterThan(4L * batch, "each sender had more than one request answered");
        if (batch > 1) report.Acknowledged.ShouldBe(report.Acknowledged / batch * batch, "whole batches, every one accepted");
        long held = 0;
        for (int s = 0; s < 4; s++) held += (long)node.Host.Chain.NextNonce($"{options.Prefix}{s}");
        held.ShouldBe(report.Acknowledged, "every transaction counted is in the node, and no other");
        report.P50Ms.ShouldBeGreaterThan(0);
        report.P99Ms.ShouldBeGreaterThanOrEqualTo(report.P50Ms);
        if (batch > 1) report.ClientGc.ShouldNotBeNull();
    }
}

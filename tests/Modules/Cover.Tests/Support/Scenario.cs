using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using static Ballast.Cover.Tests.Support.CoverWorld;

namespace Ballast.Cover.Tests.Support;

/// <summary>Short forms for the cover module's transactions in tests.</summary>
internal static class Tx
{
    public static Envelope List(string token, string idoPrice, decimal supply, long start, long end, string source = ProjectFeed, long? volBps = 15_000, long riskBps = 0) =>
        new ListProject(token, X(idoPrice), Tokens(supply), start, end, source, volBps, riskBps).From(Launch);

    public static Envelope Buy(string buyer, long project, decimal tokens) => new BuyAllocation(project, Tokens(tokens)).From(buyer);

    public static Envelope Cover(string buyer, long project, decimal tokens) => new BuyCover(project, Tokens(tokens)).From(buyer);

    public static Envelope Capital(decimal tao) => new AddCapital("TAO", Tokens(tao)).From(Funder);

    public static Envelope Dao(decimal tao) => new FundDao(Tokens(tao)).From(Funder);

    public static Envelope Settle(long project, string by = "b1") => new Settle(project).From(by);
}

/// <summary>Parameters with a short cover term (two days) so a settlement runs in a test's time.</summary>
internal static class ShortTerm
{
    public const long Days2 = 2 * BlockClock.BlocksPerDay;

    public static CoverParameters Parameters(CoverParameters? p = null) =>
        (p ?? new CoverParameters()) with { CoverPeriodBlocks = Days2, AveragingWindowBlocks = Days2 };
}

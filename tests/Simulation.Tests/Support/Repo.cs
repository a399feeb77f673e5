namespace Ballast.Simulation.Tests.Support;

/// <summary>Paths in the repository and beside it (the shared market data), found from the test's folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Scenario(string name) => Path.Combine(Root, "scenarios", name);

    /// <summary>A market series vendored under scenarios/data (extracts of ../shared/data/market: scenarios/data/README.md), so the tests need nothing beside the clone.</summary>
    public static string MarketData(string file) => Path.GetFullPath(Path.Combine(Root, "scenarios", "data", file));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ballast.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Ballast.slnx) above " + AppContext.BaseDirectory);
    }
}

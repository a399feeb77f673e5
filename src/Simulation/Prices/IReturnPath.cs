namespace Ballast.Simulation.Prices;

/// <summary>
/// A price path that knows the factor of its last move exactly (the last block's return, or a gap's factor), so a
/// relative pin (<c>pinMode: relative</c>) can move a pool by that factor from wherever the pool stands, as a model
/// that multiplies its own pool price does.
/// </summary>
public interface IReturnPath : IPricePath
{
    /// <summary>The factor the price moved by in the last <see cref="IPricePath.Step"/> or <see cref="IPricePath.Shock"/> (1 before any).</summary>
    double LastReturn { get; }
}

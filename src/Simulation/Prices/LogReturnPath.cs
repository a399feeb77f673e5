using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>A path whose price moves by exp(log return) each block; the return comes from the model.</summary>
internal sealed class LogReturnPath(double initialPrice, Func<double> nextLogReturn) : IPricePath
{
    private double _logPrice = Math.Log(initialPrice);

    public double Price { get; private set; } = initialPrice;

    public Fixed PriceFixed => Sampling.ToFixed(Price);

    public void Step()
    {
        _logPrice += nextLogReturn();
        Price = Math.Exp(_logPrice);
    }

    public void Shock(double factor)
    {
        _logPrice += Math.Log(factor);
        Price = Math.Exp(_logPrice);
    }
}

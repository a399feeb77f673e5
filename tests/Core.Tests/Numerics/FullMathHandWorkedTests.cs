using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Numerics;

public class FullMathHandWorkedTests
{
    [Fact]
    public void MulDiv_rounds_down_and_up_as_asked()
    {
        FullMath.MulDiv((UInt128)7, 3, 2, Rounding.Down).ShouldBe((UInt128)10);
        FullMath.MulDiv((UInt128)7, 3, 2, Rounding.Up).ShouldBe((UInt128)11);
    }
}

using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Insurance;
using Ballast.Lih.Tests.Support;
using Ballast.Perps;
using Ballast.RiskControl;
using Ballast.Subnets;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.RiskControl;

/// <summary>
/// The controller with its default gains (α = 0.3, β = 0, γ = 0.01 over 20 blocks, integrating the error): E is a
/// funded subnet's emission (≈ 0.05 TAO per block), σ is held near 0.001 by an index alternating between 1 and 1.001,
/// and EL steps up when more positions open (V_o from 2 to 6 TAO at 2×). λ must settle near λ* = EL/E within
/// [λ_min, λ_max], without sustained oscillation.
/// </summary>
public class ControllerSettlingTests
{
    [Fact]
    public void Lambda_settles_after_a_step_in_EL_with_the_default_gains()
    {
        var w = Create(insurance: new InsuranceParameters { FundedNetuid = FundedNetuid });
        w.RunOk(Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(10_000)).From(Lender), new FundTreasury(Tao(1_000)).From(Foundation),
            new RegisterSubnet(FundedNetuid, Tao(10_000), X("0.05")).From(SubnetOwner));
        w.RunOk(Market("A", AlphaTao, "1000000000000", quoteIsTao: true), Long("t1", "A", 1, "2"));
        var lambdas = new List<double>();
        var targets = new List<double>();
        void Run(int blocks)
        {
            for (int i = 0; i < blocks; i++)
            {
                w.RunOk(Post(AlphaTao, w.Height % 2 == 0 ? "1.001" : "1"));
                lambdas.Add(w.LambdaPpb / 1e9);
                targets.Add(w.Risk.ExpectedLoss.Div(w.Risk.Emission, Rounding.Down).ToDouble());
            }
        }
        Run(200);
        var lowTarget = targets[^1];
        w.RunOk(Long("t2", "A", 2, "2"));           // V_o: 2 → 6 TAO: EL/E roughly triples
        Run(200);
        var highTarget = targets[^1];
        string trace = string.Join(" ", lambdas.Where((_, i) => i % 10 == 0).Select(l => l.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)));

        (highTarget / lowTarget).ShouldBeInRange(2.5, 3.5, trace);
        lambdas.ShouldAllBe(l => l >= 0.01 && l <= 0.5);
        // settled: within 2% of λ* (EL/E) over the last 50 blocks of each phase
        for (int i = 150; i < 200; i++) Math.Abs(lambdas[i] - targets[i]).ShouldBeLessThan(0.02 * targets[i] + 1e-9, $"block {i} of phase 1: {trace}");
        for (int i = 350; i < 400; i++) Math.Abs(lambdas[i] - targets[i]).ShouldBeLessThan(0.02 * targets[i] + 1e-9, $"block {i} of phase 2: {trace}");
        // no sustained oscillation after the step: the sign of λ_t − λ_{t−1} changes at most a few times while it moves to λ*
        // (ignoring wiggles under 0.01% of λ from the ±0.1% index path)
        int changes = 0, last = 0;
        for (int i = 201; i < 400; i++)
        {
            var d = lambdas[i] - lambdas[i - 1];
            if (Math.Abs(d) < 1e-4 * lambdas[i]) continue;
            int sign = Math.Sign(d);
            if (last != 0 && sign != last) changes++;
            last = sign;
        }
        // With the defaults the windowed integral overshoots λ* by under 2% once and rings down (4 direction changes measured):
        // damped, not sustained.
        changes.ShouldBeLessThanOrEqualTo(6, trace);
        lambdas.Skip(200).Max().ShouldBeLessThan(highTarget * 1.05, trace);
        // the last 100 blocks: λ still moves by under 0.1% of λ*
        (lambdas.Skip(300).Max() - lambdas.Skip(300).Min()).ShouldBeLessThan(0.001 * highTarget, trace);
    }
}

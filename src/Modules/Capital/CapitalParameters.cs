using Ballast.Capital.Model;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Capital;

/// <summary>
/// Parameters of the capital module, each declared once. They govern when a requirement may be recorded and which
/// correlation matrices are accepted; they do not enter the result (that depends on the hashed inputs alone).
/// </summary>
public sealed record CapitalParameters
{
    /// <summary>How many blocks after its lock block a requirement may still be recorded (a day), so the inputs describe a recent state.</summary>
    [Parameter("blocks", "0", "1000000")]
    public long MaxInputAgeBlocks { get; init; } = 7_200;

    /// <summary>
    /// ε of the positive semi-definite test: a correlation matrix is accepted when every eigenvalue is above −ε
    /// (1,000 ppb = 1e-6 by default; at least 1 ppb, which makes the test strict).
    /// </summary>
    [Parameter("ppb", "1", "100000000")]
    public Ppb PsdTolerancePpb { get; init; } = CorrelationMatrix.DefaultTolerance;

    public static ParameterSet<CapitalParameters> CreateSet(CapitalParameters? values = null) =>
        ParameterSet<CapitalParameters>.Declared(CapitalModule.ModuleName, values);
}

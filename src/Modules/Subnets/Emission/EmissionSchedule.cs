using Ballast.Core.Numerics;

namespace Ballast.Subnets.Emission;

/// <summary>
/// Bittensor's halving rule (subtensor): a block emits base / 2^⌊log2(1/(1 − issuance/cap))⌋, so the emission halves
/// each time issuance crosses 10.5M, 15.75M, … of a 21M cap. Never more than what is left under the cap.
/// The same rule serves TAO and each subnet's alpha, each with its own issuance.
/// </summary>
public static class EmissionSchedule
{
    public static readonly Amount SupplyCap = Amount.Tokens(21_000_000);
    public static readonly Amount BaseBlockEmission = Amount.Tokens(1);

    /// <summary>Number of halvings at this issuance: the largest k with (cap − issuance)·2^k ≤ cap.</summary>
    public static int Halvings(Amount issuance, Amount cap)
    {
        if (issuance >= cap) return int.MaxValue;
        var remaining = (cap - issuance).Units;
        int k = 0;
        // remaining·2^(k+1) ≤ cap ⇔ remaining ≤ ⌊cap/2^(k+1)⌋: shifting the cap down cannot wrap (shifting the
        // remainder up did, silently, for caps of 2^127 units or more).
        while (k < 64 && remaining <= (cap.Units >> (k + 1))) k++;
        return k;
    }

    public static Amount BlockEmission(Amount issuance) => BlockEmission(issuance, SupplyCap, BaseBlockEmission);

    public static Amount BlockEmission(Amount issuance, Amount cap, Amount baseEmission)
    {
        int k = Halvings(issuance, cap);
        if (k >= 64) return Amount.Zero;
        var emission = new Amount(baseEmission.Units >> k);
        return Amount.Min(emission, cap - issuance);
    }
}

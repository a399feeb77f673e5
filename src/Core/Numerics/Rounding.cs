namespace Ballast.Core.Numerics;

/// <summary>
/// Direction of an inexact division. Every call site states it, so the reader sees who the rounding favours:
/// the protocol rounds what it pays out <see cref="Down"/> and what it collects <see cref="Up"/>.
/// </summary>
public enum Rounding
{
    /// <summary>Toward negative infinity (floor). For non-negative values: truncation.</summary>
    Down,
    /// <summary>Toward positive infinity (ceiling).</summary>
    Up,
}

using Ballast.Core.Blocks;

namespace Ballast.Capital;

/// <summary>Rejection codes of the capital module and the capital model (stable names; the CLI shows the same).</summary>
public static class CapitalErrors
{
    /// <summary>No product module, a module without cells, or more modules or cells than the model takes.</summary>
    public static readonly ErrorCode InvalidShape = new("CapitalInvalidShape");
    /// <summary>A name with characters outside letters, digits and <c>_ . : -</c>, or longer than 64.</summary>
    public static readonly ErrorCode InvalidName = new("CapitalInvalidName");
    /// <summary>Two modules, two cells of a module, or two currencies with one name.</summary>
    public static readonly ErrorCode DuplicateName = new("CapitalDuplicateName");
    /// <summary>A module in a currency that is neither the base token nor listed, or the base token listed as a currency.</summary>
    public static readonly ErrorCode UnknownCurrency = new("CapitalUnknownCurrency");
    /// <summary>A rate to the base token of zero or less, a weight or shock outside [0, 1], a negative lock block.</summary>
    public static readonly ErrorCode InvalidValue = new("CapitalInvalidValue");
    /// <summary>A correlation matrix without one row per cell (or module) or a row of the wrong length.</summary>
    public static readonly ErrorCode CorrelationWrongSize = new("CorrelationWrongSize");
    /// <summary>A correlation outside [−1, 1] (−1e9 to 1e9 ppb).</summary>
    public static readonly ErrorCode CorrelationOutOfRange = new("CorrelationOutOfRange");
    /// <summary>A diagonal entry other than 1: a cell is fully correlated with itself.</summary>
    public static readonly ErrorCode CorrelationDiagonalNotOne = new("CorrelationDiagonalNotOne");
    /// <summary>Corr(i,j) ≠ Corr(j,i).</summary>
    public static readonly ErrorCode CorrelationNotSymmetric = new("CorrelationNotSymmetric");
    /// <summary>The matrix has an eigenvalue at or below −tolerance: not positive semi-definite.</summary>
    public static readonly ErrorCode CorrelationNotPositiveSemiDefinite = new("CorrelationNotPositiveSemiDefinite");
    /// <summary>The record names a lock block in the future, older than the age limit, or not after the previous record's.</summary>
    public static readonly ErrorCode LockBlockRefused = new("CapitalLockBlockRefused");
    /// <summary>The hash the actuary stated differs from the SHA-256 of the canonical inputs.</summary>
    public static readonly ErrorCode InputsHashMismatch = new("CapitalInputsHashMismatch");
    /// <summary>The minimum capital the actuary stated differs from the model's recomputation.</summary>
    public static readonly ErrorCode ResultMismatch = new("CapitalResultMismatch");
    /// <summary>The sender is neither the actuary nor a governor.</summary>
    public static readonly ErrorCode NotActuary = new("CapitalNotActuary");
}

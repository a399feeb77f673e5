using Ballast.Core.Blocks;
using Ballast.Core.Hashing;

namespace Ballast.Core.Governance;

/// <summary>A module's governed parameters, seen without their record type (for governance and output).</summary>
public interface IParameterSet
{
    string Module { get; }
    Type ValuesType { get; }
    object ValuesObject { get; }

    /// <summary>Each parameter's name, unit, current value and range, in declaration order.</summary>
    IReadOnlyList<ParameterView> View();

    /// <summary>A copy with one parameter changed, or a rejection (unknown name, out of range, inconsistent).</summary>
    TxResult TryWith(string name, string value, out IParameterSet updated);

    /// <summary>Names of the complete parameter records genesis may choose.</summary>
    IReadOnlyCollection<string> Presets { get; }

    /// <summary>A copy holding the named preset, or <c>UnknownPreset</c>.</summary>
    TxResult TryPreset(string name, out IParameterSet updated);

    void WriteHash(StateHasher hasher);
}

public sealed record ParameterView(string Name, string Unit, string Value, string Min, string Max);

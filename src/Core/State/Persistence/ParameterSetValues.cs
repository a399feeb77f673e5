using System.Reflection;
using Ballast.Core.Governance;

namespace Ballast.Core.State.Persistence;

/// <summary>A module's parameter set holding values read from a state file, with the specs and presets of the engine's own set.</summary>
internal static class ParameterSetValues
{
    private static readonly MethodInfo s_with = typeof(ParameterSetValues).GetMethod(nameof(WithTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IParameterSet With(IParameterSet template, object values) =>
        (IParameterSet)s_with.MakeGenericMethod(template.ValuesType).Invoke(null, [template, values])!;

    private static IParameterSet WithTyped<TParams>(IParameterSet template, object values) where TParams : class =>
        ((ParameterSet<TParams>)template).WithValues((TParams)values);
}

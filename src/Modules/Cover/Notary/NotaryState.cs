using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

/// <summary>The last requirement recorded by hand (<see cref="RecordedAtBlock"/> −1: none).</summary>
internal sealed class NotaryState : ModuleState
{
    public string BaseToken { get; set => Set(ref field, value); } = "";
    public Amount MinimumCapital { get; set => Set(ref field, value); }
    public long InputsLockedAtBlock { get; set => Set(ref field, value); }
    public long RecordedAtBlock { get; set => Set(ref field, value); } = -1;
    public string InputsHash { get; set => Set(ref field, value); } = "";
}

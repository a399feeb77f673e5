namespace Ballast.Core.Blocks;

/// <summary>A frozen copy of the whole engine state, for what-if runs: restore it as many times as wanted.</summary>
public sealed class EngineSnapshot
{
    internal EngineSnapshot(EngineState state) => State = state;
    internal EngineState State { get; }
    public long Height => State.Clock.Height;
}

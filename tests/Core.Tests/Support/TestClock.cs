using Ballast.Core.Blocks;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// Moves an engine's clock forward without running the blocks in between (through the engine's internal state).
/// Only for scenarios that need more blocks than a test can run, such as decades of accumulated prices; the
/// skipped blocks are empty, which is what <see cref="Engine.AdvanceBlocks"/> would run for the core modules.
/// </summary>
public static class TestClock
{
    public static void JumpTo(Engine engine, long height)
    {
        engine.Height.ShouldBeLessThanOrEqualTo(height);
        engine.State.Clock = engine.State.Clock with { Height = height };
    }
}

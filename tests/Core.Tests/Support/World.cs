using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// The standard test world: users with TAO (200 TAO in all), a governor user, a guardian, a feeder, a 2-of-3
/// multisig with a short timelock, a voting body and a TAO/USD feed.
/// </summary>
public static class World
{
    public const string Alice = "alice";   // 100 TAO, multisig member
    public const string Bob = "bob";       // 50 TAO, multisig member
    public const string Carol = "carol";   // 10 TAO, multisig member
    public const string Dave = "dave";     // no TAO, not a member of anything
    public const string Erin = "erin";     // 40 TAO
    public const string Gov = "gov";       // holds the governor role directly
    public const string Gina = "gina";     // guardian
    public const string Oracle = "oracle"; // feeder of TAO/USD

    public const string MultisigName = "core";
    public const string MultisigAccount = "multisig:core";
    public const long MultisigTimelock = 10;
    public const long MultisigGrace = 50;

    public const string Body = "dao";
    public const string BodyAccount = "vote:dao";
    public const string BodyEscrow = "vote:dao:escrow";
    public const int QuorumBps = 2_000;
    public const int SupermajorityBps = 6_667;
    public const long VotingPeriod = 5;

    public const string Feed = "TAO/USD";
    public const long FeedMaxAge = 10;

    public const string Tao = Engine.TaoSymbol;

    public static EngineBuilder Standard(ulong seed = 1) => new EngineBuilder()
        .WithSeed(seed)
        .WithAccount(Alice, 100)
        .WithAccount(Bob, 50)
        .WithAccount(Carol, 10)
        .WithAccount(Dave)
        .WithAccount(Erin, 40)
        .WithGovernor(Gov)
        .WithAccount(Gina).WithRole(Roles.Guardian, Gina)
        .WithAccount(Oracle)
        .WithMultisig(MultisigName, [Alice, Bob, Carol], threshold: 2, timelockBlocks: MultisigTimelock, graceBlocks: MultisigGrace)
        .WithVotingBody(Body, QuorumBps, SupermajorityBps, VotingPeriod)
        .WithFeed(Feed, FeedMaxAge, Oracle);

    public static Engine Build(ulong seed = 1) => Standard(seed).Build();

    /// <summary>The governed action used in proposals (a payload; <c>.From(...)</c> to send it directly): set test.CooldownBlocks.</summary>
    public static SetParameter SetCooldown(long blocks) =>
        new(TestModule.ModuleName, "CooldownBlocks", blocks.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static TestParams Params(this Engine engine) => engine.Parameters.Get<TestParams>();

    /// <summary>Proposal 1 by alice in block 1 (pending, 1 of 2 approvals).</summary>
    public static Engine WithPendingProposal(this Engine engine, ITransaction? action = null)
    {
        engine.RunOk(new Propose(MultisigName, action ?? SetCooldown(200)).From(Alice));
        return engine;
    }

    /// <summary>Proposal 1 by alice in block 1, approved by bob in block 2: queued, executable from block 2 + timelock.</summary>
    public static Engine WithQueuedProposal(this Engine engine, ITransaction? action = null)
    {
        engine.WithPendingProposal(action);
        engine.RunOk(new Approve(1).From(Bob));
        return engine;
    }

    /// <summary>Vote 1 created by alice in the next block, ending <see cref="VotingPeriod"/> blocks later.</summary>
    public static Engine WithOpenVote(this Engine engine, ITransaction? action = null)
    {
        engine.RunOk(new CreateVote(Body, action ?? new Pause("test.ping")).From(Alice));
        return engine;
    }

    public static Amount Tokens(ulong whole) => Amount.Tokens(whole);
}

using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Governance;

public class RolesAndPausesTests
{
    [Fact]
    public void Guardian_pauses_an_action_at_once_and_only_a_governor_lifts_it()
    {
        var engine = Build();
        engine.RunOk(new Pause("test.ping").From(Gina));
        var probe = RejectionProbe.Run(engine, new Ping().From(Alice));
        probe.ShouldBeRejectedWithoutEffect(GovernanceErrors.Paused);
        engine.StateOf<TestState>().Pings.ShouldBe(0);

        engine.Run(new Unpause("test.ping").From(Gina)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
        engine.RunOk(new Unpause("test.ping").From(Gov));
        engine.Run(new Ping().From(Alice)).ShouldBeAccepted();
        engine.StateOf<TestState>().Pings.ShouldBe(1);
    }

    [Fact]
    public void Pausing_a_module_pauses_each_of_its_actions_until_the_module_itself_is_unpaused()
    {
        var engine = Build();
        engine.RunOk(new Pause("test").From(Gov));
        engine.Pauses.IsPaused(TestModule.ModuleName, "ping").ShouldBeTrue();
        engine.Pauses.IsPaused(TestModule.ModuleName, "anything").ShouldBeTrue();
        engine.Pauses.IsPaused("ledger", "transfer").ShouldBeFalse();
        engine.Run(new Ping().From(Alice)).ShouldBeRejectedWith(GovernanceErrors.Paused);
        engine.RunOk(new Unpause("test").From(Gov));
        engine.Run(new Ping().From(Alice)).ShouldBeAccepted();
    }

    [Fact]
    public void Pause_and_unpause_emit_who_did_it()
    {
        var engine = Build();
        engine.RunOk(new Pause("test.ping").From(Gina), new Unpause("test.ping").From(Gov));
        engine.Events.Records.Select(r => r.Event).OfType<IEvent>()
            .Where(e => e is Ballast.Core.Governance.Paused or Unpaused)
            .ShouldBe([new Ballast.Core.Governance.Paused("test.ping", Gina), new Unpaused("test.ping", Gov)]);
    }

    [Fact]
    public void Governor_grants_and_revokes_roles()
    {
        var engine = Build();
        engine.RunOk(new GrantRole(Roles.Guardian, Dave).From(Gov));
        engine.Roles.Has(Roles.Guardian, Dave).ShouldBeTrue();
        engine.RunOk(new Pause("test.ping").From(Dave));
        engine.RunOk(new RevokeRole(Roles.Guardian, Dave).From(Gov));
        engine.Roles.Has(Roles.Guardian, Dave).ShouldBeFalse();
        engine.Run(new Pause("test").From(Dave)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
        engine.Run(new RevokeRole(Roles.Guardian, Dave).From(Gov)).ShouldBeRejectedWith(GovernanceErrors.MissingRole);
    }

    [Fact]
    public void Granting_a_role_already_held_is_accepted_without_an_event()
    {
        var engine = Build();
        int before = engine.Events.Count;
        engine.Run(new GrantRole(Roles.Guardian, Gina).From(Gov)).ShouldBeAccepted();
        engine.Events.Count.ShouldBe(before);
    }

    [Fact]
    public void Multisig_and_voting_body_can_be_given_other_roles_than_governor()
    {
        var engine = new EngineBuilder().WithAccount(Alice, 10).WithAccount(Bob)
            .WithMultisig("watch", [Alice, Bob], roles: [Roles.Guardian])
            .WithVotingBody("dao", 1_000, 5_000, 1, roles: [])
            .Build();
        engine.Roles.Has(Roles.Guardian, "multisig:watch").ShouldBeTrue();
        engine.Roles.Has(Roles.Governor, "multisig:watch").ShouldBeFalse();
        engine.Roles.Has(Roles.Governor, "vote:dao").ShouldBeFalse();

        // The voting body without the governor role cannot change parameters even if its vote passes.
        engine.RunOk(new CreateVote("dao", SetCooldown(5)).From(Alice));
        engine.RunOk(new CastVote(1, true, Tokens(10)).From(Alice));
        engine.AdvanceBlocks(1);
        var result = engine.Run(new ExecuteVote(1).From(Alice));
        result.ShouldBeRejectedWith(GovernanceErrors.ActionRejected);
        result.Message!.ShouldContain(GovernanceErrors.MissingRole.Name);
    }
}

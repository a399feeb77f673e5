using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Serialization;
using static Ballast.Capital.Tests.Support.Inputs;

namespace Ballast.Capital.Tests.OnChain;

/// <summary>The capital module on the engine: who records, the lock block, stated results, the port, verification.</summary>
public sealed class CapitalModuleTests
{
    private const string Dao = "dao", Actuary = "actuary", Mallory = "mallory";

    // The 3×3 example of AltFormulaTests: 14 TAO.
    private static CapitalInputs Example(long lockedAt, decimal floor = 0) =>
        Single(Module("ido", "TAO", Matrix([1, 0.5m, 0], [0.5m, 1, 0.15625m], [0, 0.15625m, 1]), Cell("a", 30, 0.1m), Cell("b", 8, 0.5m), Cell("c", 48, 0.25m)), floor, lockedAt);

    private static Engine NewEngine(CapitalParameters? parameters = null)
    {
        var engine = new Engine(new EngineOptions { VerifyRejections = true }, new CapitalModule(parameters));
        var results = engine.ApplyGenesis(
        [
            new GenesisAccount(Dao, null).AsGenesis(), new GenesisAccount(Actuary, null).AsGenesis(), new GenesisAccount(Mallory, null).AsGenesis(),
            new GenesisRole(Roles.Governor, Dao).AsGenesis(),
        ]);
        results.ShouldAllBe(r => r.Accepted);
        engine.ExecuteBlock([new GrantRole(CapitalModule.ActuaryRole, Actuary).From(Dao)]).Rejected.ShouldBe(0);
        return engine;
    }

    private static TxResult Submit(Engine engine, Envelope tx) => engine.ExecuteBlock([tx]).Results[0];

    [Fact]
    public void An_actuary_records_a_requirement_that_the_port_then_serves()
    {
        var engine = NewEngine();
        engine.AdvanceBlocks(9);
        long lockAt = engine.Height;
        Submit(engine, new RecordCapital(Example(lockAt)).From(Actuary)).Accepted.ShouldBeTrue();

        var latest = engine.View.Port<ICapitalRequirement>().Latest(engine.View).ShouldNotBeNull();
        latest.ShouldBe(new CapitalRequirementRecord("TAO", Tokens(14), lockAt, engine.Height, CanonicalInputs.Hash(Example(lockAt))));
        engine.Query<LatestRequirementQuery, CapitalRequirementRecord?>(new()).ShouldBe(latest);
        var recorded = engine.Events.Records.Select(e => e.Event).OfType<CapitalRecorded>().ShouldHaveSingleItem();
        recorded.ShouldBe(new CapitalRecorded(0, "TAO", Tokens(14), Tokens(14), false, lockAt, latest.InputsHash, Actuary));
    }

    [Fact]
    public void Before_any_record_the_port_has_nothing_and_no_cover_is_allowed()
    {
        var engine = NewEngine();
        engine.View.Port<ICapitalRequirement>().Latest(engine.View).ShouldBeNull();
        engine.Query<RatioOfCapitalQuery, RatioOfCapitalView>(new(Tokens(1_000))).ShouldBe(new RatioOfCapitalView(Tokens(1_000), null, null, false));
    }

    [Fact]
    public void Only_an_actuary_or_a_governor_records()
    {
        var engine = NewEngine();
        var r = Submit(engine, new RecordCapital(Example(engine.Height)).From(Mallory));
        r.Error.ShouldBe(CapitalErrors.NotActuary);
        r.Message.ShouldBe("mallory holds neither 'capital:actuary' nor 'governor'; only they record capital requirements");
        Submit(engine, new RecordCapital(Example(engine.Height)).From(Dao)).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void The_lock_block_is_in_the_past_recent_and_after_the_previous_one()
    {
        var engine = NewEngine(new CapitalParameters { MaxInputAgeBlocks = 100 });
        engine.AdvanceBlocks(200);
        long h = engine.Height;
        Submit(engine, new RecordCapital(Example(h + 5)).From(Actuary)).Error.ShouldBe(CapitalErrors.LockBlockRefused);
        var old = Submit(engine, new RecordCapital(Example(h - 101)).From(Actuary)); // recorded at h + 1: 102 blocks old
        old.Error.ShouldBe(CapitalErrors.LockBlockRefused);
        old.Message!.ShouldContain("a requirement is recorded within 100 blocks of its lock block");
        Submit(engine, new RecordCapital(Example(h)).From(Actuary)).Accepted.ShouldBeTrue();
        var again = Submit(engine, new RecordCapital(Example(h, floor: 1)).From(Actuary));
        again.Error.ShouldBe(CapitalErrors.LockBlockRefused);
        again.Message.ShouldBe($"the inputs are locked at block {h}; the last requirement was locked at block {h}, and each record locks a later block");
        Submit(engine, new RecordCapital(Example(h + 1, floor: 20)).From(Actuary)).Accepted.ShouldBeTrue();
        engine.View.Port<ICapitalRequirement>().Latest(engine.View)!.MinimumCapital.ShouldBe(Tokens(20)); // the floor binds
    }

    [Fact]
    public void A_stated_result_or_hash_that_differs_from_the_recomputation_is_refused()
    {
        var engine = NewEngine();
        var inputs = Example(engine.Height);
        var hash = CanonicalInputs.Hash(inputs);
        var wrongResult = Submit(engine, new RecordCapital(inputs, Tokens(13), hash).From(Actuary));
        wrongResult.Error.ShouldBe(CapitalErrors.ResultMismatch);
        wrongResult.Message.ShouldBe("the stated minimum capital 13000000000 units differs from the recomputed 14000000000 units");
        Submit(engine, new RecordCapital(inputs, Tokens(14), new string('0', 64)).From(Actuary)).Error.ShouldBe(CapitalErrors.InputsHashMismatch);
        engine.View.Port<ICapitalRequirement>().Latest(engine.View).ShouldBeNull();
        Submit(engine, new RecordCapital(inputs, Tokens(14), hash).From(Actuary)).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Invalid_inputs_are_refused_with_the_models_code_and_an_unknown_token_with_the_ledgers()
    {
        var engine = NewEngine();
        var bad = Example(engine.Height) with { ModuleCorrelation = Matrix([1, 1.5m], [1.5m, 1]) };
        Submit(engine, new RecordCapital(bad).From(Actuary)).Error.ShouldBe(CapitalErrors.CorrelationOutOfRange);
        var foreign = Example(engine.Height) with { Currencies = [new CurrencyHolding("SN4", Tokens(1), Fixed.One)] };
        Submit(engine, new RecordCapital(foreign).From(Actuary)).Error.ShouldBe(CoreErrors.UnknownToken);
    }

    [Fact]
    public void Verification_recomputes_a_record_from_its_stored_inputs()
    {
        var engine = NewEngine();
        Submit(engine, new RecordCapital(Example(engine.Height)).From(Actuary)).Accepted.ShouldBeTrue();
        var v = engine.Query<VerifyRequirementQuery, RequirementVerification?>(new(0)).ShouldNotBeNull();
        v.Matches.ShouldBeTrue();
        v.RecomputedHash.ShouldBe(v.RecordedHash);
        v.RecomputedMinimum.ShouldBe(Tokens(14));
        v.Refusal.ShouldBeNull();
        engine.Query<VerifyRequirementQuery, RequirementVerification?>(new(1)).ShouldBeNull();
        var b = engine.Query<RequirementBreakdownQuery, RequirementBreakdownView?>(new(0)).ShouldNotBeNull();
        b.Breakdown!.Modules[0].Cells.Select(c => c.Exposure).ShouldBe([Tokens(3), Tokens(4), Tokens(12)]);
        b.RecordedBy.ShouldBe(Actuary);
    }

    [Fact]
    public void Verification_reports_stored_inputs_that_a_tightened_tolerance_now_refuses()
    {
        // Corr(a,b) = Corr(b,c) = 1, Corr(a,c) = 1 − 2δ with δ = 600 ppb: smallest eigenvalue ≈ −2δ/3 = −4e-7
        // (CorrelationValidationTests), accepted at the default ε = 1e-6, refused at 1 ppb.
        var engine = NewEngine();
        var m = Matrix([1, 1, 0.9999988m], [1, 1, 1], [0.9999988m, 1, 1]);
        var inputs = Single(Module("ido", "TAO", m, Cell("a", 3), Cell("b", 4), Cell("c", 12)), 0, engine.Height);
        Submit(engine, new RecordCapital(inputs).From(Actuary)).Accepted.ShouldBeTrue();
        Submit(engine, new SetParameter(CapitalModule.ModuleName, "PsdTolerancePpb", "1").From(Dao)).Accepted.ShouldBeTrue();
        var v = engine.Query<VerifyRequirementQuery, RequirementVerification?>(new(0)).ShouldNotBeNull();
        v.Matches.ShouldBeFalse();
        v.RecomputedHash.ShouldBe(v.RecordedHash);
        v.RecomputedMinimum.ShouldBeNull();
        v.Refusal!.ShouldStartWith("CorrelationNotPositiveSemiDefinite: module 'ido'");
    }

    [Fact]
    public void The_capital_ratio_allows_cover_from_exactly_one_hundred_percent()
    {
        var engine = NewEngine();
        Submit(engine, new RecordCapital(Example(engine.Height)).From(Actuary)).Accepted.ShouldBeTrue();
        var below = engine.Query<RatioOfCapitalQuery, RatioOfCapitalView>(new(Tokens(14) - new Amount(1)));
        below.CoverAllowed.ShouldBeFalse();
        below.Ratio!.Value.ShouldBeLessThan(Fixed.One);
        var at = engine.Query<RatioOfCapitalQuery, RatioOfCapitalView>(new(Tokens(14)));
        at.CoverAllowed.ShouldBeTrue();
        at.Ratio.ShouldBe(Fixed.One);
        engine.Query<RatioOfCapitalQuery, RatioOfCapitalView>(new(Tokens(21))).Ratio.ShouldBe(Fixed.Parse("1.5"));
    }

    [Fact]
    public void The_transaction_reads_from_a_script_with_nested_inputs()
    {
        var engine = NewEngine();
        var json = """
            {"type": "capital.record", "sender": "actuary", "inputs": {
              "baseToken": "TAO", "lockedAtBlock": 1, "floor": "0",
              "modules": [{"name": "ido", "currency": "TAO",
                "cells": [{"name": "a", "cover": "30 TAO", "weightPpb": 100000000}, {"name": "b", "cover": "8 TAO", "weightPpb": 500000000}, {"name": "c", "cover": "48 TAO", "weightPpb": 250000000}],
                "correlation": [[1000000000, 500000000, 0], [500000000, 1000000000, 156250000], [0, 156250000, 1000000000]]}],
              "currencies": [],
              "moduleCorrelation": [[1000000000, 0], [0, 1000000000]]},
             "minimumCapital": "14 TAO"}
            """;
        var envelope = BallastJson.ReadEnvelope(engine.Catalog, json);
        var tx = envelope.Payload.ShouldBeOfType<RecordCapital>();
        CanonicalInputs.Hash(tx.Inputs).ShouldBe(CanonicalInputs.Hash(Example(1)));
        Submit(engine, envelope).Accepted.ShouldBeTrue();
    }
}

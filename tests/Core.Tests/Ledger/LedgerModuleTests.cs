using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Ledger;

public class LedgerModuleTests
{
    [Fact]
    public void Transfer_moves_the_exact_amount_and_emits_one_event()
    {
        var engine = Build();
        int before = engine.Events.Count;
        engine.Run(new Transfer(Dave, Tao, new Amount(1_234_567_891)).From(Alice)).ShouldBeAccepted();
        engine.Balance(Alice).ShouldBe(Tokens(100) - new Amount(1_234_567_891));
        engine.Balance(Dave).ShouldBe(new Amount(1_234_567_891));
        engine.Ledger.Supply(engine.TaoToken).ShouldBe(Tokens(200));
        engine.Events.Records.Skip(before).Single().ShouldBe(new EventRecord(1, 0, new Transferred(Alice, Dave, Tao, new Amount(1_234_567_891))));
    }

    [Fact]
    public void Transfer_of_the_whole_balance_empties_the_account()
    {
        var engine = Build();
        engine.RunOk(new Transfer(Dave, Tao, Tokens(10)).From(Carol));
        engine.Balance(Carol).ShouldBe(Amount.Zero);
        engine.Ledger.NonZeroBalances().ShouldNotContain(x => x.Account.Name == Carol);
    }

    [Fact]
    public void Transfer_beyond_balance_is_rejected_and_changes_nothing()
    {
        var engine = Build();
        var probe = RejectionProbe.Run(engine, new Transfer(Dave, Tao, Tokens(10) + new Amount(1)).From(Carol));
        probe.ShouldBeRejectedWithoutEffect(CoreErrors.InsufficientBalance);
        probe.Result.Message!.ShouldContain(Carol);
        engine.Balance(Carol).ShouldBe(Tokens(10));
    }

    [Fact]
    public void Transfer_to_oneself_changes_no_balance()
    {
        var engine = Build();
        engine.RunOk(new Transfer(Alice, Tao, Tokens(100)).From(Alice));
        engine.Balance(Alice).ShouldBe(Tokens(100));
    }

    [Fact]
    public void Transfer_of_exactly_1e30_units_is_within_the_limit()
    {
        var whale = new Amount(EngineContext.MaxTransactionUnits);
        var engine = new EngineBuilder().WithAccount("whale", whale).WithAccount(Dave).Build();
        engine.Run(new Transfer(Dave, Tao, whale).From("whale")).ShouldBeAccepted();
        engine.Balance(Dave).ShouldBe(whale);
    }

    [Fact]
    public void Transfer_into_a_module_account_is_allowed_but_the_module_account_cannot_send()
    {
        var engine = Build();
        engine.RunOk(new Transfer(MultisigAccount, Tao, Tokens(3)).From(Alice));
        engine.Balance(MultisigAccount).ShouldBe(Tokens(3));
        engine.Run(new Transfer(Alice, Tao, Tokens(3)).From(MultisigAccount)).ShouldBeRejectedWith(CoreErrors.SenderNotSigner);
    }

    [Fact]
    public void Opened_account_can_receive_and_send()
    {
        var engine = Build();
        engine.RunOk(new OpenAccount("frank_1.x-y").From(Dave));
        engine.Ledger.TryGetAccount("frank_1.x-y", out var id).ShouldBeTrue();
        engine.Ledger.Account(id).Kind.ShouldBe(AccountKind.User);
        engine.RunOk(new Transfer("frank_1.x-y", Tao, Tokens(2)).From(Alice));
        engine.RunOk(new Transfer(Dave, Tao, Tokens(1)).From("frank_1.x-y"));
        engine.Balance("frank_1.x-y").ShouldBe(Tokens(1));
    }

    [Fact]
    public void Opening_the_same_name_twice_in_one_block_accepts_only_the_first()
    {
        var engine = Build();
        var block = engine.ExecuteBlock([new OpenAccount("frank").From(Alice), new OpenAccount("frank").From(Bob)]);
        block.Results[0].ShouldBeAccepted();
        block.Results[1].ShouldBeRejectedWith(CoreErrors.AccountExists);
    }

    [Fact]
    public void Genesis_account_mints_its_balances_and_may_hold_none()
    {
        var engine = new EngineBuilder()
            .WithGenesis(new GenesisAccount("empty", null).AsGenesis())
            .WithGenesis(new GenesisAccount("zero", new Dictionary<string, Amount> { [Tao] = Amount.Zero }).AsGenesis())
            .WithAccount("rich", new Amount(EngineContext.MaxTransactionUnits))
            .Build();
        engine.Ledger.TryGetAccount("empty", out _).ShouldBeTrue();
        engine.Balance("zero").ShouldBe(Amount.Zero);
        engine.Ledger.Minted(engine.TaoToken).ShouldBe(new Amount(EngineContext.MaxTransactionUnits));
        engine.Events.Records.Select(r => r.Event).OfType<Minted>().Single().ShouldBe(new Minted("rich", Tao, new Amount(EngineContext.MaxTransactionUnits)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Alice_01.dev-x", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("multisig:x", false)]
    [InlineData("émile", false)]
    [InlineData("tab\t", false)]
    public void User_names_are_ascii_letters_digits_underscore_dot_and_dash(string name, bool valid) =>
        LedgerModule.IsValidUserName(name).ShouldBe(valid);

    [Fact]
    public void User_names_are_at_most_64_characters()
    {
        LedgerModule.IsValidUserName(new string('a', 64)).ShouldBeTrue();
        LedgerModule.IsValidUserName(new string('a', 65)).ShouldBeFalse();
        LedgerModule.IsValidUserName(null).ShouldBeFalse();
    }
}

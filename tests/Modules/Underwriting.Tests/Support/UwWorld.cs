using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting.Handlers;

namespace Ballast.Underwriting.Tests.Support;

/// <summary>
/// An engine with the subnet markets and the underwriting module, and the cast of seed 002: LPs, a borrower, managers
/// with genesis reputations (ann 5, ben 3, val 8, dee 1), zero-reputation identities (sybil-1..3) through the identity
/// gate, a hedger. Short forms for running transactions and reading the module's queries.
/// </summary>
public sealed class UwWorld
{
    public static readonly string[] Lps = ["lp-1", "lp-2"];
    public static readonly (string Name, string Score)[] Reputable = [("ann", "5"), ("ben", "3"), ("val", "8"), ("dee", "1")];
    public static readonly string[] Sybils = ["sybil-1", "sybil-2", "sybil-3"];
    public const string Borrower = "borrower";
    public const string Hedger = "hedger";
    public const string Donor = "donor";
    public const string Guardian = "guardian";
    public const int Netuid = 7;

    public Engine Engine { get; }
    public EngineView View => Engine.View;
    internal UnderwritingState State => Engine.StateOf<UnderwritingState>();

    public UwWorld(UnderwritingParameters? parameters = null, ulong seed = 1, bool verifyRejections = true)
    {
        Engine = new Engine(new EngineOptions { Seed = seed, VerifyRejections = verifyRejections },
            new SubnetModule(new SubnetParameters { ExternalTaoIssuanceRao = 21_000_000_000_000_000, StakerShareBps = Bps.Zero }),
            new UnderwritingModule(parameters));
        var genesis = new List<Envelope>();
        foreach (var lp in Lps) genesis.Add(Account(lp, 10_000));
        foreach (var (name, _) in Reputable) genesis.Add(Account(name, 1_000));
        foreach (var name in Sybils) genesis.Add(Account(name, 1_000));
        genesis.Add(Account(Borrower, 200));
        genesis.Add(Account(Hedger, 1_000));
        genesis.Add(Account(Donor, 1_000));
        genesis.Add(Account("owner-7", 100_000));
        genesis.Add(Account(Guardian, 0));
        genesis.Add(new GenesisRole(Roles.Guardian, Guardian).AsGenesis());
        foreach (var (name, score) in Reputable) genesis.Add(new GenesisManager(name, Fixed.Parse(score)).AsGenesis());
        foreach (var name in Sybils) genesis.Add(new GenesisRole(Vaults.IdentityRole, name).AsGenesis());
        var results = Engine.ApplyGenesis(genesis);
        for (int i = 0; i < results.Count; i++) results[i].Accepted.ShouldBeTrue($"genesis {i}: {results[i]}");
        RunOk(new RegisterSubnet(Netuid, Support.Tao.Of(50_000), Fixed.Parse("0.05")).From("owner-7"));
        RunOk([.. Sybils.Select(s => new RegisterManager().From(s))]);
    }

    private static Envelope Account(string name, decimal tao) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { ["TAO"] = Support.Tao.Of(tao) }).AsGenesis();

    public TxResult Run(ITransaction tx, string sender) => Engine.ExecuteBlock([tx.From(sender)]).Results[0];

    public void RunOk(ITransaction tx, string sender)
    {
        var r = Run(tx, sender);
        r.Accepted.ShouldBeTrue($"{tx} from {sender}: {r}");
    }

    public void RunOk(params Envelope[] txs)
    {
        var result = Engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++) result.Results[i].Accepted.ShouldBeTrue($"{txs[i]}: {result.Results[i]}");
    }

    public void Rejects(ITransaction tx, string sender, Ballast.Core.Blocks.ErrorCode code)
    {
        var r = Run(tx, sender);
        r.Accepted.ShouldBeFalse($"{tx} from {sender} was accepted");
        r.Error.ShouldBe(code, r.ToString());
    }

    public void AdvanceTo(long height) => Engine.AdvanceBlocks(height - Engine.Height);

    public Amount Tao(string account) => Balance(account, "TAO");

    public Amount Balance(string account, string token)
    {
        if (!Engine.Ledger.TryGetAccount(account, out var id) || !Engine.Ledger.TryGetToken(token, out var t)) return Amount.Zero;
        return Engine.Ledger.BalanceOf(id, t);
    }

    public VaultView Vault(long id) => Engine.Query<VaultQuery, VaultView?>(new VaultQuery(id))!;
    public InstrumentView Instrument(long id) => Engine.Query<InstrumentQuery, InstrumentView?>(new InstrumentQuery(id))!;
    public HoldingView? Holding(long id, string account) => Engine.Query<HoldingQuery, HoldingView?>(new HoldingQuery(id, account));
    public ManagerView Manager(string account) => Engine.Query<ManagerQuery, ManagerView?>(new ManagerQuery(account))!;

    /// <summary>Vault 1 over TAO: α = 50%, approval at 25% of c, leverage up to 3×, validators lock 10 VT; both LPs deposit 5,000 TAO, every reputable manager 100.</summary>
    public long StandardVault()
    {
        long id = State.NextVaultId;
        RunOk(new CreateVault("TAO", new Ppb(500_000_000), new Ppb(250_000_000), Fixed.FromInt(3), Support.Tao.Of(10)), "lp-1");
        RunOk([.. Lps.Select(lp => new Deposit(id, Support.Tao.Of(5_000)).From(lp)),
               .. Reputable.Select(m => new Deposit(id, Support.Tao.Of(100)).From(m.Name))]);
        return id;
    }

    /// <summary>The borrower proposes a credit line of P = 100, I = 20 TAO over 1,000 blocks with 100 blocks' grace.</summary>
    public long CreditLine(long vault, decimal principal = 100, decimal interest = 20)
    {
        long id = State.NextInstrumentId;
        RunOk(new ProposeCreditLine(vault, Support.Tao.Of(principal), Support.Tao.Of(interest), 1_000, 100), Borrower);
        return id;
    }

    /// <summary>Draws the validators and has each approve with <paramref name="collateral"/> TAO; returns them.</summary>
    public IReadOnlyList<string> DrawAndApprove(long instrument, decimal collateral = 5)
    {
        RunOk(new DrawValidators(instrument), "lp-2");
        var validators = Instrument(instrument).Validators.Keys.ToList();
        foreach (var v in validators) RunOk(new ApproveInstrument(instrument, Support.Tao.Of(collateral)), v);
        return validators;
    }

    /// <summary>Every token conserved (the engine checks it after each block too), and the market account holds what the instrument says.</summary>
    public void AssertBooks(long instrument)
    {
        Engine.Ledger.CheckConservation().ShouldBeEmpty();
        var i = State.Instruments[instrument];
        var market = Balance(i.MarketAccount, State.Vaults[i.VaultId].Asset);
        if (i.Phase == MarketPhase.Resolved) market.ShouldBe(i.RedemptionReserve);
        else if (i.Phase == MarketPhase.Closed) market.ShouldBe(i.OrderEscrow);
        else market.ShouldBe(i.Collateral + i.OrderEscrow);
        Amount longs = Amount.Zero, shorts = Amount.Zero, escrow = Amount.Zero;
        foreach (var h in i.Holders.Values) { longs += h.Long; shorts += h.Short; }
        foreach (var o in i.Orders.Values)
        {
            if (o.Side == OrderSide.SellLong) longs += o.Bonds;
            if (o.Side == OrderSide.SellShort) shorts += o.Bonds;
            escrow += o.Escrow;
        }
        escrow.ShouldBe(i.OrderEscrow);
        longs.ShouldBe(i.LongSupply);
        shorts.ShouldBe(i.ShortSupply);
        (i.LongSupply - i.ShortSupply).ShouldBe(i.NetLong);
    }
}

using System.Globalization;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Tests.Support;

/// <summary>
/// Seeded random transactions over a small world (five users, a multisig, two voting bodies, a feed and a
/// module-issued token), biased towards the edges: zero, one unit, the whole balance, one unit more, the 1e30
/// limit and beyond, unknown and module accounts, unknown tokens, votes that are open, ended or unknown.
/// The choice depends only on the seed and the engine state, so two equal engines get equal sequences.
/// </summary>
public sealed class RandomTransactions(ulong seed)
{
    public static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];
    public const string Gov = "gov";
    public const string Gina = "gina";
    public const string Oracle = "oracle";
    public const string Feed = "TAO/USD";
    public const string GovToken = "TST";
    public static readonly string[] ModuleAccounts = ["multisig:core", "vote:dao", "vote:tdao"];

    private static readonly UInt128 Limit = EngineContext.MaxTransactionUnits;
    private readonly DeterministicRandom _rng = new(seed);

    /// <summary>Genesis of the property world: random TAO balances (0, 1 unit, the 1e30 limit or anything between).</summary>
    /// <param name="votingPeriodBlocks">Voting period of the TAO body (the token body's is half as long, at least 1).</param>
    public static EngineBuilder World(ulong seed, ulong engineSeed = 1, long votingPeriodBlocks = 8)
    {
        var rng = new DeterministicRandom(seed ^ 0x5EED);
        var builder = new EngineBuilder().WithSeed(engineSeed);
        foreach (var user in Users)
        {
            var tao = rng.NextBelow(6) switch
            {
                0 => Amount.Zero,
                1 => new Amount(1),
                2 => new Amount(Limit),
                _ => new Amount(Next128(rng, Amount.Tokens(1_000_000).Units)),
            };
            builder.WithAccount(user, tao);
        }
        return builder
            .WithGovernor(Gov)
            .WithAccount(Gina).WithRole(Roles.Guardian, Gina)
            .WithAccount(Oracle)
            .WithGenesis(new MintTest(GovToken, Amount.Tokens(1_000)).From("alice"))
            .WithGenesis(new MintTest(GovToken, Amount.Tokens(500)).From("bob"))
            .WithMultisig("core", ["alice", "bob", "carol"], threshold: 2, timelockBlocks: 2, graceBlocks: 20)
            .WithVotingBody("dao", 1_000, 6_667, votingPeriodBlocks)
            .WithVotingBody("tdao", 3_000, 5_000, Math.Max(1, votingPeriodBlocks / 2), GovToken)
            .WithFeed(Feed, 12, Oracle);
    }

    private static UInt128 Next128(DeterministicRandom rng, UInt128 exclusiveMax)
    {
        if (exclusiveMax == 0) return 0;
        var raw = ((UInt128)rng.NextUInt64() << 64) | rng.NextUInt64();
        return raw % exclusiveMax;
    }

    private int Below(int n) => (int)_rng.NextBelow((ulong)n);
    private bool Chance(int percent) => Below(100) < percent;
    private T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    private string User(Engine engine)
    {
        // Mostly known users (including accounts opened during the run); sometimes someone who cannot sign.
        int roll = Below(100);
        if (roll < 88)
        {
            var opened = engine.Ledger.Accounts.Where(a => a.Kind == AccountKind.User).Select(a => a.Name).ToList();
            return roll < 70 ? Pick(Users) : Pick(opened);
        }
        if (roll < 92) return Pick(ModuleAccounts);
        if (roll < 95) return "ghost";
        return Pick([Gov, Gina, Oracle]);
    }

    private string Member(Engine engine) => Chance(85) ? Pick(["alice", "bob", "carol"]) : User(engine);

    private string Recipient(Engine engine) => Below(10) switch
    {
        0 => "ghost",
        1 => Pick(ModuleAccounts),
        _ => Pick(engine.Ledger.Accounts.Where(a => a.Kind == AccountKind.User).Select(a => a.Name).ToList()),
    };

    private string Token() => Below(10) switch
    {
        < 6 => Engine.TaoSymbol,
        < 8 => GovToken,
        8 => "TSU",
        _ => "NOPE",
    };

    private Amount AmountFor(Engine engine, string account, string token)
    {
        var balance = engine.Balance(account, token);
        return Below(16) switch
        {
            0 => Amount.Zero,
            1 => new Amount(1),
            2 => balance,
            3 => new Amount(balance.Units + 1),
            4 => new Amount(Limit),
            5 => new Amount(Limit + 1),
            6 => new Amount(UInt128.MaxValue),
            7 => new Amount(Next128(_rng, Limit * 1_000)),
            _ => balance.IsZero ? new Amount(Next128(_rng, Amount.Tokens(10).Units) + 1) : new Amount(Next128(_rng, balance.Units) + 1),
        };
    }

    /// <summary>A vote id: usually an existing vote in the wanted phase, sometimes any vote, sometimes no vote at all.</summary>
    private long VoteId(Engine engine, Func<Vote, bool> preferred)
    {
        var votes = engine.StateOf<GovernanceState>().Votes.Values.ToList();
        if (votes.Count == 0 || Chance(8)) return Below(3) + (Chance(50) ? 0 : 100);
        var wanted = votes.Where(preferred).ToList();
        return (wanted.Count > 0 && Chance(85) ? Pick(wanted) : Pick(votes)).Id;
    }

    private long VoteId(Engine engine) => VoteId(engine, _ => true);

    private bool NoVote(Engine engine, Func<Vote, bool> phase) =>
        !engine.StateOf<GovernanceState>().Votes.Values.Any(phase) && Chance(60);

    private bool NoProposal(Engine engine, ProposalStatus status) =>
        !engine.StateOf<GovernanceState>().Proposals.Values.Any(p => p.Status == status) && Chance(60);

    private Envelope NewVote(Engine engine, string sender)
    {
        var body = Chance(70) ? "dao" : Pick(["tdao", "nope"]);
        return new CreateVote(body, Action(engine, body == "tdao" ? "vote:tdao" : "vote:dao")).From(sender);
    }

    private long ProposalId(Engine engine, ProposalStatus preferred)
    {
        var proposals = engine.StateOf<GovernanceState>().Proposals.Values.ToList();
        if (proposals.Count == 0 || Chance(8)) return Below(3) + (Chance(50) ? 0 : 100);
        var wanted = proposals.Where(p => p.Status == preferred).ToList();
        return (wanted.Count > 0 && Chance(85) ? Pick(wanted) : Pick(proposals)).Id;
    }

    private ITransaction Action(Engine engine, string acting) => Below(9) switch
    {
        0 => new Pause("test.ping"),
        1 => new Unpause("test.ping"),
        2 => new SetParameter(TestModule.ModuleName, "CooldownBlocks", (Below(200_010) - 5).ToString(CultureInfo.InvariantCulture)),
        3 => new SetParameter(TestModule.ModuleName, "FeeRate", "0.00" + Below(100).ToString(CultureInfo.InvariantCulture)),
        4 => new Transfer(Pick(Users), Engine.TaoSymbol, AmountFor(engine, acting, Engine.TaoSymbol)),
        5 => new GrantRole(Roles.Guardian, Pick(Users)),
        6 => new CastVote(VoteId(engine, v => engine.Height < v.EndsAt), Chance(50), new Amount(1)),
        7 => new Unregistered(),
        _ => new GenesisRole(Roles.Governor, Pick(Users)),
    };

    /// <summary>One random transaction for the engine's current state.</summary>
    /// <remarks>Senders are drawn before the payload's fields, in the order the draws were made when the sender
    /// was the payload's first field, so a seed gives the same sequence as before the envelope.</remarks>
    public Envelope Next(Engine engine)
    {
        int roll = Below(100);
        string sender = User(engine);
        string token;
        switch (roll)
        {
            case < 18:
                token = Token();
                return new Transfer(Recipient(engine), token, AmountFor(engine, sender, token)).From(sender);
            case < 21:
                return new OpenAccount(Below(4) switch
                {
                    0 => Pick(Users),
                    1 => "bad name",
                    2 => "x" + Below(5).ToString(CultureInfo.InvariantCulture),
                    _ => "new" + Below(1_000).ToString(CultureInfo.InvariantCulture),
                }).From(sender);
            case < 28:
                token = Chance(80) ? GovToken : Pick(["TSU", Engine.TaoSymbol]);
                return new MintTest(token, AmountFor(engine, sender, token)).From(sender);
            case < 34:
                token = Chance(80) ? GovToken : Pick(["TSU", Engine.TaoSymbol, "NOPE"]);
                return new BurnTest(token, AmountFor(engine, sender, token)).From(sender);
            case < 36:
                return NewVote(engine, sender);
            case < 52:
            {
                long next = engine.Height + 1;
                if (NoVote(engine, v => next <= v.EndsAt)) return NewVote(engine, sender);
                var id = VoteId(engine, v => next <= v.EndsAt);
                var governance = engine.StateOf<GovernanceState>();
                token = governance.Votes.TryGetValue(id, out var v) ? governance.Bodies[v.Body].Token : Engine.TaoSymbol;
                if (Chance(60))
                {
                    var holders = Users.Where(u => !engine.Balance(u, token).IsZero).ToList();
                    if (holders.Count > 0)
                        sender = Chance(50) ? holders.MaxBy(u => engine.Balance(u, token).Units)! : Pick(holders);
                }
                var amount = Chance(40) ? Amount.Min(engine.Balance(sender, token), new Amount(Limit)) : AmountFor(engine, sender, token);
                return new CastVote(id, Chance(70), amount).From(sender);
            }
            case < 58:
            {
                long next = engine.Height + 1;
                if (NoVote(engine, v => next > v.EndsAt && !v.Deposits.IsEmpty)) return NewVote(engine, sender);
                var id = VoteId(engine, v => next > v.EndsAt && !v.Deposits.IsEmpty);
                if (engine.StateOf<GovernanceState>().Votes.TryGetValue(id, out var v) && !v.Deposits.IsEmpty && Chance(80))
                    sender = Pick(v.Deposits.Keys.ToList());
                return new WithdrawVote(id).From(sender);
            }
            case < 62:
            {
                long next = engine.Height + 1;
                if (NoVote(engine, v => next > v.EndsAt && !v.Executed)) return NewVote(engine, sender);
                return new ExecuteVote(VoteId(engine, v => next > v.EndsAt && !v.Executed)).From(sender);
            }
            case < 66:
                return Signed(Member(engine), () => new Propose(Chance(90) ? "core" : "nope", Action(engine, "multisig:core")));
            case < 71:
                if (NoProposal(engine, ProposalStatus.Pending))
                    return Signed(Member(engine), () => new Propose("core", Action(engine, "multisig:core")));
                return Signed(Member(engine), () => new Approve(ProposalId(engine, ProposalStatus.Pending)));
            case < 75:
                if (NoProposal(engine, ProposalStatus.Queued))
                    return NoProposal(engine, ProposalStatus.Pending)
                        ? Signed(Member(engine), () => new Propose("core", Action(engine, "multisig:core")))
                        : Signed(Member(engine), () => new Approve(ProposalId(engine, ProposalStatus.Pending)));
                return Signed(Member(engine), () => new ExecuteProposal(ProposalId(engine, ProposalStatus.Queued)));
            case < 77:
                return Signed(Member(engine), () => new CancelProposal(ProposalId(engine, Chance(50) ? ProposalStatus.Pending : ProposalStatus.Queued)));
            case < 81:
            {
                var price = Below(6) switch
                {
                    0 => Fixed.Zero,
                    1 => Fixed.FromInt(-1),
                    2 => new Fixed(PriceFeedModule.MaxPrice.Raw + 1),
                    3 => PriceFeedModule.MaxPrice,
                    _ => new Fixed(1 + (Int128)_rng.NextBelow(1_000_000_000_000_000_000) * 1_000),
                };
                return Signed(Chance(70) ? Oracle : sender, () => new PostPrice(Chance(90) ? Feed : "ETH/USD", price));
            }
            case < 84:
                return new ReadPrice(Chance(90) ? Feed : "ETH/USD", Chance(40) ? null : Below(8) - 1).From(sender);
            case < 87:
                return new Ping().From(sender);
            case < 90:
                return Chance(50)
                    ? Signed(Chance(50) ? Gina : sender, () => new Pause(Pick(["test.ping", "test", "nope"])))
                    : new Unpause("test.ping").From(Chance(50) ? Gov : sender);
            case < 93:
                return Signed(Chance(50) ? Gov : sender, () => new SetParameter(Pick([TestModule.ModuleName, "nope"]),
                    Pick(["CooldownBlocks", "FeeRate", "MaxFeeRate", "Nope"]),
                    Pick(["0", "1", "100001", "0.5", "0.01", "0.05", "0.002", "abc", "-1", (Below(100_000) + 1).ToString(CultureInfo.InvariantCulture)])));
            case < 95:
                return new GenesisAccount("late" + Below(10).ToString(CultureInfo.InvariantCulture),
                    new Dictionary<string, Amount> { [Engine.TaoSymbol] = Amount.Tokens(1) }).AsGenesis();
            case < 96:
                return new Unregistered().From(sender);
            case < 98:
                return new TransferThenFail(Recipient(engine), AmountFor(engine, sender, Engine.TaoSymbol)).From(sender);
            default:
                return new AddChecked(Chance(50) ? long.MaxValue : Below(1_000)).From(sender);
        }
    }

    /// <summary>The sender is drawn first, then the payload (the order of the random draws when the sender was a field).</summary>
    private static Envelope Signed(string sender, Func<ITransaction> payload) => payload().From(sender);

    /// <summary>1–8: how many transactions a block has.</summary>
    public int TransactionCount() => 1 + Below(8);

    /// <summary>A block of 1–8 random transactions, drawn against the state at its start.</summary>
    public IReadOnlyList<Envelope> NextBlock(Engine engine)
    {
        int n = TransactionCount();
        var txs = new Envelope[n];
        for (int i = 0; i < n; i++) txs[i] = Next(engine);
        return txs;
    }

    /// <summary>How many blocks a sequence has: 6–10 (with 1–8 transactions each, about three dozen in all).</summary>
    public int BlockCount() => 6 + Below(5);

    /// <summary>0–3 empty blocks to let votes end and timelocks pass.</summary>
    public long Gap() => Below(10) < 6 ? 0 : Below(4);
}

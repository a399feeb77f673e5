using System.Collections.Concurrent;
using System.Numerics;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests;

/// <summary>
/// Random sequences of registrations, swaps, stakes and unstakes — amounts from zero to far beyond any balance —
/// over blocks and runs of empty blocks. Three engines run each sequence: A as generated, B with A's rejected
/// transactions left out, C as generated again. After every block: every token conserved, each subnet's stake
/// account holds Σ hotkey alpha, pools hold both tokens, constant-product k never falls, and A, B and C have the
/// same state hash (so a rejected transaction changed nothing, and the engine is deterministic). Every engine runs
/// with <see cref="EngineOptions.VerifyRejections"/> on (see <see cref="TestKit.Options"/>): the state is hashed
/// before each transaction and again after each rejection, which must leave it as it was.
/// </summary>
public class RandomSequenceProperties
{
    /// <summary>
    /// One generated transaction. Swaps, stakes and unstakes size themselves either absolutely (<see cref="Exact"/>)
    /// or, when <see cref="Ppm"/> &gt; 0, as that many millionths of what the sender holds at the start of the block
    /// (its input token for a swap, its alpha for a stake, its stake's worth for an unstake; 1,000,001 ppm = all of
    /// it plus one unit), so that sequences reach deep states as well as absurd inputs. The block's transactions are
    /// resolved once, on engine A, and the same records are given to all three engines.
    /// </summary>
    private sealed record Op(string Kind, string Sender, int Netuid, SwapDirection Direction, string Hotkey, Amount Exact, int Ppm,
        int MinOut, RegisterSubnet? Registration, int Pick = -1)
    {
        public Envelope Resolve(Engine engine)
        {
            if (Registration is not null) return Registration.From(Sender);
            if (Kind == "unstake" && Pick >= 0)
            {
                // Withdraw from an existing delegation (the Pick-th, in netuid/hotkey/coldkey order), if any.
                var delegations = engine.StateOf<SubnetState>().Subnets.Values
                    .SelectMany(sn => sn.Stakes.Values.SelectMany(h => h.SharesByColdkey.Keys.Select(c => (sn.Netuid, h.Hotkey, Coldkey: c))))
                    .ToList();
                if (delegations.Count > 0)
                {
                    var (netuid, hotkey, coldkey) = delegations[Pick % delegations.Count];
                    return (this with { Sender = coldkey, Netuid = netuid, Hotkey = hotkey, Pick = -1 }).Resolve(engine);
                }
            }
            var amount = Exact;
            if (Ppm > 0)
            {
                var symbol = SubnetModule.AlphaSymbol(Netuid);
                var holding = Kind switch
                {
                    "swap" => engine.Balance(Sender, Direction == SwapDirection.TaoToAlpha ? "TAO" : symbol),
                    "stake" => engine.Balance(Sender, symbol),
                    _ => engine.StateOf<SubnetState>().Subnets.TryGetValue(Netuid, out var sn) && sn.Stakes.TryGetValue(Hotkey, out var h)
                        ? h.AlphaOf(Sender) : Amount.Zero,
                };
                amount = Ppm > 1_000_000 ? holding + Rao(1) : holding.MulDiv((UInt128)Ppm, 1_000_000, Rounding.Down);
            }
            return Kind switch
            {
                "swap" => new Swap(Netuid, Direction, amount, MinOut switch
                {
                    0 => Amount.Zero,
                    1 => SubnetMarket.Quote(engine.View, Netuid, Direction, amount, out var q, out _).Accepted ? q : Amount.Zero,
                    _ => SubnetMarket.Quote(engine.View, Netuid, Direction, amount, out var q2, out _).Accepted ? q2 + Rao(1) : Tao(1),
                }).From(Sender),
                "stake" => new Stake(Netuid, Hotkey, amount).From(Sender),
                _ => new Unstake(Netuid, Hotkey, amount).From(Sender),
            };
        }

        public override string ToString() => Registration?.From(Sender).ToString()
            ?? $"{Kind}{(Pick >= 0 ? $" delegation#{Pick} or" : "")} {Sender} SN{Netuid} {(Kind == "swap" ? Direction.ToString() : Hotkey)} {(Ppm > 0 ? $"{Ppm} ppm" : Exact.ToString())}{(MinOut > 0 ? $" min#{MinOut}" : "")}";
    }

    private sealed record Step(Op[] Ops, int AdvanceBlocks)
    {
        public override string ToString() => $"[{string.Join(", ", Ops.Select(o => o.ToString()))}] then {AdvanceBlocks} empty";
    }

    private sealed record Sequence(ulong Seed, bool Kraken, Step[] Steps)
    {
        public override string ToString() => $"seed {Seed}{(Kraken ? ", whale holds 1e30 units" : "")}:\n  " + string.Join("\n  ", Steps.Select(s => s.ToString()));

        /// <summary>
        /// The whale holds 15M TAO, or (one sequence in four) the largest genesis balance there is, 1e30 units —
        /// absurd, and far above the 21M cap (so those sequences emit no TAO), but an engine must survive it.
        /// </summary>
        public (string Name, Amount Tao)[] Accounts =>
        [
            ("alice", Tao(10_000)), ("bob", Tao(2_000)), ("carol", Tao(50)),
            ("whale", Kraken ? new Amount(EngineContext.MaxTransactionUnits) : Tao(15_000_000)),
        ];
    }

    private static Gen<Amount> Amounts() => Gen.Frequency(
        (2, Gen.Constant(Amount.Zero)),
        (2, FsCheck.FSharp.Gen.Choose64(1, 1_000).Select(u => Rao((ulong)u))),
        (5, FsCheck.FSharp.Gen.Choose64(1, 1_000_000_000_000).Select(u => Rao((ulong)u))),   // up to 1,000 tokens
        (2, Gen.Choose(1, 20_000).Select(t => Tao((ulong)t))),                               // often beyond balance
        (1, FsCheck.FSharp.Gen.Choose64(1, long.MaxValue).Select(u => Rao((ulong)u))),       // up to 9.2e9 tokens
        (1, Gen.Elements(
            new Amount(EngineContext.MaxTransactionUnits),
            new Amount(EngineContext.MaxTransactionUnits + 1),
            new Amount(UInt128.MaxValue))));

    /// <summary>0 = use the exact amount; else millionths of the holding (1,000,001 = all of it and one more).</summary>
    private static readonly Gen<int> Ppms = Gen.Frequency(
        (3, Gen.Constant(0)),
        (4, Gen.Choose(1, 1_000_000)),
        (1, Gen.Choose(1, 100)),
        (1, Gen.Constant(1_000_000)),
        (1, Gen.Constant(1_000_001)));

    private static readonly Gen<string> Senders = Gen.Frequency(
        (3, Gen.Constant("alice")), (3, Gen.Constant("bob")), (1, Gen.Constant("carol")), (3, Gen.Constant("whale")), (1, Gen.Constant("nobody")));
    private static readonly Gen<int> Netuids = Gen.Frequency((4, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(9)));
    private static readonly Gen<string> Hotkeys = Gen.Frequency(
        (5, Gen.Constant("hk-1")), (2, Gen.Constant("hk-2")), (1, Gen.Constant("bad key")), (1, Gen.Constant("")));

    private static readonly Gen<Op> Register =
        from sender in Senders
        from netuid in Gen.Elements(1, 2, 3, 4, 0, 70_000)
        from reserve in Gen.Frequency((4, Gen.Choose(1, 3_000).Select(t => Tao((ulong)t))), (2, Amounts()))
        from price in Gen.Elements("0.25", "0.001", "1", "3.5", "0.000001", "0", "1000000", "2000000").Select(F)
        from kind in Gen.Elements(PoolKind.ConstantProduct, PoolKind.ConstantProduct, PoolKind.Weighted)
        from weight in Gen.Elements<Fixed?>(null, F("0.3"), F("0.5"), F("0.8"), F("0.01"), F("0.99"), F("0.005"))
        from burn in Gen.Elements(0, 0, 0, 2_500, 10_000, 10_001)
        select new Op("register", sender, netuid, default, "", Amount.Zero, 0, 0, new RegisterSubnet(netuid, reserve, price, kind, weight, burn));

    private static readonly Gen<Op> Swaps =
        from sender in Senders
        from netuid in Netuids
        from direction in Gen.Elements(SwapDirection.TaoToAlpha, SwapDirection.AlphaToTao)
        from amount in Amounts()
        from ppm in Ppms
        from min in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        select new Op("swap", sender, netuid, direction, "", amount, ppm, min, null);

    private static readonly Gen<Op> Stakes =
        from kind in Gen.Elements("stake", "unstake")
        from sender in Senders
        from netuid in Netuids
        from hotkey in Hotkeys
        from amount in Amounts()
        from ppm in Ppms
        from pick in Gen.Frequency((1, Gen.Constant(-1)), (1, Gen.Choose(0, 1_000)))
        select new Op(kind, sender, netuid, default, hotkey, amount, ppm, 0, null, kind == "unstake" ? pick : -1);

    private static readonly Gen<Op> AnyOp = Gen.Frequency((1, Register), (6, Swaps), (6, Stakes));

    private static readonly Gen<Step> Steps =
        from count in Gen.Choose(0, 6)
        from ops in Gen.ArrayOf(AnyOp, count)
        from advance in Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Choose(1, 3)), (1, Gen.Choose(10, 40)))
        select new Step(ops, advance);

    /// <summary>The first block opens subnets 1–3 (alice can afford them) among random transactions.</summary>
    private static readonly Gen<Step> Opening =
        from n in Gen.Constant(3)
        from opens in Gen.ArrayOf(
            from price in Gen.Elements("0.25", "0.05", "1.5").Select(F)
            from kind in Gen.Elements(PoolKind.ConstantProduct, PoolKind.Weighted)
            from reserve in Gen.Choose(1, 2_000)
            select (Price: price, Kind: kind, Reserve: reserve), n)
        from rest in Gen.ArrayOf(AnyOp, 3)
        select new Step(
            opens.Select((o, i) =>
            {
                var tx = new RegisterSubnet(i + 1, Tao((ulong)o.Reserve), o.Price, o.Kind, o.Kind == PoolKind.Weighted ? F("0.3") : null);
                return new Op("register", "alice", i + 1, default, "", Amount.Zero, 0, 0, tx);
            }).Concat(rest).ToArray(),
            0);

    private static readonly Gen<Sequence> Sequences =
        from seed in FsCheck.FSharp.Gen.Choose64(0, long.MaxValue)
        from kraken in Gen.Elements(false, false, false, true)
        from opening in Opening
        from n in Gen.Choose(3, 10)
        from steps in Gen.ArrayOf(Steps, n)
        select new Sequence((ulong)seed, kraken, [opening, .. steps]);

    // What the sequences reached, so the property cannot pass by rejecting everything.
    private static readonly ConcurrentDictionary<string, int> Seen = new();

    [Fact]
    public void Random_sequences_conserve_tokens_reject_without_effect_and_replay_identically()
    {
        Check.One(Cases(500), Prop.ForAll(Sequences.ToArbitrary(), Run));

        foreach (var kind in new[] { "RegisterSubnet", "Swap", "Stake", "Unstake" }) Seen.GetValueOrDefault($"accepted {kind}").ShouldBeGreaterThan(50, kind);
        foreach (var code in new[] { "InsufficientBalance", "ZeroAmount", "AmountTooLarge", "UnknownSubnet", "SubnetExists", "InvalidNetuid",
                     "InvalidSubnetPrice", "InvalidPoolWeight", "InvalidHotkey", "InsufficientStake", "TradeTooSmall", "UnknownAccount" })
            Seen.GetValueOrDefault($"rejected {code}").ShouldBeGreaterThan(0, code);
    }

    private static void Run(Sequence sequence)
    {
        var a = NewEngine(null, sequence.Seed, sequence.Accounts);
        var b = NewEngine(null, sequence.Seed, sequence.Accounts);
        var c = NewEngine(null, sequence.Seed, sequence.Accounts);
        a.StateHash().ShouldBe(c.StateHash());
        var k = new Dictionary<int, BigInteger>();
        foreach (var step in sequence.Steps)
        {
            var block = step.Ops.Select(o => o.Resolve(a)).ToArray();
            var results = a.ExecuteBlock(block).Results;
            for (int i = 0; i < results.Count; i++)
                Seen.AddOrUpdate(results[i].Accepted ? $"accepted {block[i].Payload.GetType().Name}" : $"rejected {results[i].Error}", 1, (_, n) => n + 1);
            var accepted = block.Where((_, i) => results[i].Accepted).ToArray();
            b.ExecuteBlock(accepted).Results.ShouldAllBe(r => r.Accepted);
            c.ExecuteBlock(block).Results.Select(r => r.ToString()).ShouldBe(results.Select(r => r.ToString()));
            CheckInvariants(a, sequence, k);
            b.StateHash().ShouldBe(a.StateHash(), $"block {a.Height}: without its rejected transactions the block ends elsewhere");
            c.StateHash().ShouldBe(a.StateHash(), $"block {a.Height}: the same sequence ends elsewhere");
            if (step.AdvanceBlocks > 0)
            {
                foreach (var e in new[] { a, b, c }) e.AdvanceBlocks(step.AdvanceBlocks);
                CheckInvariants(a, sequence, k);
                b.StateHash().ShouldBe(a.StateHash());
                c.StateHash().ShouldBe(a.StateHash());
            }
        }
    }

    private static void CheckInvariants(Engine engine, Sequence sequence, Dictionary<int, BigInteger> lastK)
    {
        var ledger = engine.Ledger;
        ledger.CheckConservation().ShouldBeEmpty();
        var sums = SumOfBalances(ledger);
        foreach (var token in ledger.Tokens)
            sums[token.Symbol].ShouldBe(ledger.Supply(token.Id).Units, $"{token.Symbol}: Σ balances ≠ minted − burned");
        // No TAO beyond what genesis and the emission created.
        var genesisTao = sequence.Accounts.Aggregate(Amount.Zero, (s, x) => s + x.Tao);
        ledger.Supply(engine.TaoToken).ShouldBe(genesisTao + engine.StateOf<SubnetState>().TotalTaoEmitted);

        foreach (var s in engine.StateOf<SubnetState>().Subnets.Values)
        {
            var staked = s.Stakes.Values.Aggregate(Amount.Zero, (t, h) => t + h.TotalAlpha);
            ledger.BalanceOf(s.StakeAccount, s.AlphaToken).ShouldBe(staked, $"SN{s.Netuid}: stake account ≠ Σ hotkey alpha");
            foreach (var h in s.Stakes.Values)
            {
                h.TotalShares.ShouldBeGreaterThan(UInt128.Zero, $"SN{s.Netuid} {h.Hotkey}: alpha with no shares");
                h.SharesByColdkey.Values.Aggregate(UInt128.Zero, (t, x) => t + x).ShouldBe(h.TotalShares);
            }
            var (tao, alpha) = SubnetMarket.Reserves(engine.View, s);
            tao.IsZero.ShouldBeFalse($"SN{s.Netuid}: no TAO in the pool");
            alpha.IsZero.ShouldBeFalse($"SN{s.Netuid}: no alpha in the pool");
            s.TaoWeight.ShouldBeGreaterThan(Fixed.Zero);
            s.TaoWeight.ShouldBeLessThan(Fixed.One);
            if (s.Kind == PoolKind.ConstantProduct)
            {
                var k = (BigInteger)tao.Units * (BigInteger)alpha.Units;
                if (lastK.TryGetValue(s.Netuid, out var previous)) k.ShouldBeGreaterThanOrEqualTo(previous, $"SN{s.Netuid}: k fell");
                lastK[s.Netuid] = k;
            }
        }
    }
}

using System.Text;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Hashing;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.State.Persistence;

/// <summary>
/// The whole engine state as bytes and back: the clock, the random source, the ledger (accounts, tokens, minted and
/// burned totals, balances), roles, pauses, every module's parameters, the price oracle (each source's kept TWAP
/// observations and the head of its sealed-observation chain) and every module's state through its
/// <see cref="StateSchema"/> declaration. A snapshot on disk, so a node restarts from it instead of replaying its
/// whole log, and a development dump loads at once.
/// <para>
/// Loading needs an engine built with the same modules (it supplies what is code, not state: handlers, parameter
/// specs, keepers) and replaces that engine's state. The file ends with the state hash it was written at; a load that
/// does not reproduce it is refused, so a file from another version of a module is an error, never a silent difference.
/// </para>
/// </summary>
public static class EngineStateFile
{
    private static readonly byte[] s_magic = "BALLAST-STATE\n"u8.ToArray();

    /// <summary>
    /// The format's version: a file of another version is refused. Version 2 stores each price source's chain of
    /// sealed TWAP observations (<see cref="TwapAccumulator"/>), which a version-1 file lacks: such a file cannot
    /// reproduce today's state hash (which also hashes an append-only <see cref="StateLog{T}"/> by its chain), so it is
    /// refused by its version with a message saying so, not by a hash mismatch.
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>What a state file says about itself before it is loaded.</summary>
    public sealed record Header(long Height, string StateHash, IReadOnlyList<string> Modules);

    /// <summary>The engine's state as bytes. Call it between blocks (not inside a transaction).</summary>
    public static byte[] Write(Engine engine)
    {
        using var stream = new MemoryStream();
        Write(engine, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the engine's state to <paramref name="stream"/> (left open).</summary>
    public static void Write(Engine engine, Stream stream)
    {
        var state = engine.State;
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(s_magic);
        w.Write(FormatVersion);
        w.Write(state.Clock.Height);
        w.Write(engine.StateHash());
        w.Write7BitEncodedInt(engine.ModuleStates.Count);
        foreach (var (module, moduleState) in engine.ModuleStatesByModule)
        {
            w.Write(module);
            w.Write(moduleState.GetType().FullName!);
        }

        w.Write(state.Clock.GenesisUnixSeconds);
        w.Write(state.Clock.BlockSeconds);
        var (s0, s1, s2, s3) = state.Random.State;
        w.Write(s0); w.Write(s1); w.Write(s2); w.Write(s3);

        WriteLedger(w, state.Ledger);

        var roles = state.Roles.View();
        w.Write7BitEncodedInt(roles.Count);
        foreach (var (role, holders) in roles.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            w.Write(role);
            w.Write7BitEncodedInt(holders.Count);
            foreach (var holder in holders) w.Write(holder);
        }

        var pauses = state.Pauses.View();
        w.Write7BitEncodedInt(pauses.Count);
        foreach (var key in pauses) w.Write(key);

        var sets = state.Parameters.All.ToList();
        w.Write7BitEncodedInt(sets.Count);
        foreach (var set in sets)
        {
            w.Write(set.Module);
            w.Write(set.ValuesType.FullName!);
            ValueCodec.For(set.ValuesType).Write(w, set.ValuesObject);
        }

        var sources = state.Prices.Sources.ToList();
        w.Write7BitEncodedInt(sources.Count);
        Span<byte> chain = stackalloc byte[HashChain.Length];
        foreach (var source in sources)
        {
            w.Write(source.Name);
            w.Write((int)source.Kind);
            w.Write(source.MaxAgeBlocks);
            w.Write(source.Accumulator.HistoryBlocks);
            w.Write7BitEncodedInt(source.Accumulator.KeptCount);
            foreach (var o in source.Accumulator.KeptObservations())
            {
                w.Write(o.Height);
                ValueCodec.WriteUInt128(w, unchecked((UInt128)o.Cumulative));
                ValueCodec.WriteUInt128(w, unchecked((UInt128)o.Price.Raw));
            }
            source.Accumulator.SealedChain.WriteTo(chain);
            w.Write(chain);
        }

        foreach (var moduleState in state.Modules) ValueCodec.For(moduleState.GetType()).Write(w, moduleState);
        w.Write(engine.StateHash()); // again at the end: a truncated file cannot pass
    }

    private static void WriteLedger(BinaryWriter w, TokenLedger ledger)
    {
        w.Write7BitEncodedInt(ledger.AccountCount);
        foreach (var account in ledger.Accounts)
        {
            w.Write(account.Name);
            w.Write((int)account.Kind);
        }
        w.Write7BitEncodedInt(ledger.TokenCount);
        foreach (var token in ledger.Tokens)
        {
            w.Write(token.Symbol);
            w.Write(token.Decimals);
            w.Write(token.Issuer);
            ValueCodec.WriteUInt128(w, ledger.Minted(token.Id).Units);
            ValueCodec.WriteUInt128(w, ledger.Burned(token.Id).Units);
        }
        var balances = ledger.NonZeroBalances().ToList();
        w.Write7BitEncodedInt(balances.Count);
        foreach (var (account, token, balance) in balances)
        {
            w.Write7BitEncodedInt(account.Id.Value);
            w.Write7BitEncodedInt(token.Id.Value);
            ValueCodec.WriteUInt128(w, balance.Units);
        }
    }

    /// <summary>Reads the header (height, state hash, modules) without loading the state.</summary>
    public static Header ReadHeader(Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        return ReadHeader(r);
    }

    private static Header ReadHeader(BinaryReader r)
    {
        var magic = r.ReadBytes(s_magic.Length);
        if (!magic.AsSpan().SequenceEqual(s_magic)) throw new InvalidDataException("not a Ballast state file (its first bytes are not BALLAST-STATE)");
        int version = r.ReadInt32();
        if (version == 1)
            throw new InvalidDataException(
                $"a state file of format 1, written before TWAP histories were hashed as a chain; this program reads format {FormatVersion} and hashes states differently, so the file cannot be loaded: write it again from its source (the script, the simulated path or the node's log) with this version");
        if (version != FormatVersion) throw new InvalidDataException($"a state file of format {version}; this program reads format {FormatVersion}");
        long height = r.ReadInt64();
        var hash = r.ReadString();
        int count = ValueCodec.ReadCount(r);
        var modules = new List<string>(count);
        for (int i = 0; i < count; i++) modules.Add($"{r.ReadString()}:{r.ReadString()}");
        return new Header(height, hash, modules);
    }

    /// <summary>Replaces <paramref name="engine"/>'s state with the one in <paramref name="bytes"/>.</summary>
    public static Header Load(Engine engine, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Load(engine, stream);
    }

    /// <summary>
    /// Replaces <paramref name="engine"/>'s state with the one in <paramref name="stream"/>. The engine must have the
    /// file's modules in the same order; the state hash after loading must equal the file's. A refusal
    /// (<see cref="InvalidDataException"/>) leaves the engine as it was.
    /// </summary>
    public static Header Load(Engine engine, Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        Header header;
        EngineState loaded;
        try
        {
            header = ReadHeader(r);
            var expected = engine.ModuleStatesByModule.Select(m => $"{m.Module}:{m.State.GetType().FullName}").ToList();
            if (!header.Modules.SequenceEqual(expected, StringComparer.Ordinal))
                throw new InvalidDataException(
                    $"the state file's module states ({string.Join(", ", header.Modules)}) are not this engine's ({string.Join(", ", expected)})");
            using (StateJournal.Suspend()) loaded = ReadState(engine, r, header);
            var trailer = r.ReadString();
            if (trailer != header.StateHash) throw new InvalidDataException("the state file's closing hash differs from its opening one");
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the state file ends early (truncated)");
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            // Damage the checks above did not name (a wrong cast, a duplicate key, an overflow): still a refusal.
            throw new InvalidDataException($"the state file does not fit this engine's state: {e.Message}", e);
        }

        var before = engine.Snapshot();
        engine.Restore(new EngineSnapshot(loaded));
        var hash = engine.StateHash();
        if (hash != header.StateHash)
        {
            engine.Restore(before);
            throw new InvalidDataException(
                $"the state loaded from the file hashes to {hash}, not to the {header.StateHash} it was written at (a module's state changed shape since?)");
        }
        return header;
    }

    private static EngineState ReadState(Engine engine, BinaryReader r, Header header)
    {
        long genesis = r.ReadInt64();
        int blockSeconds = r.ReadInt32();
        var random = DeterministicRandom.FromState(r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64());
        var ledger = ReadLedger(r);

        var roles = new RoleRegistry();
        int roleCount = ValueCodec.ReadCount(r);
        for (int i = 0; i < roleCount; i++)
        {
            var role = r.ReadString();
            int holders = ValueCodec.ReadCount(r);
            for (int h = 0; h < holders; h++) roles.Grant(role, r.ReadString());
        }

        var pauses = new PauseRegistry();
        int pauseCount = ValueCodec.ReadCount(r);
        for (int i = 0; i < pauseCount; i++) pauses.Pause(r.ReadString());

        var parameters = engine.Parameters.Clone();
        int setCount = ValueCodec.ReadCount(r);
        if (setCount != parameters.All.Count())
            throw new InvalidDataException($"the state file has {setCount} parameter sets; this engine has {parameters.All.Count()}");
        for (int i = 0; i < setCount; i++)
        {
            var module = r.ReadString();
            var typeName = r.ReadString();
            if (!parameters.TryGet(module, out var template) || template.ValuesType.FullName != typeName)
                throw new InvalidDataException($"the state file has parameters {typeName} for module '{module}', which this engine does not declare");
            var values = ValueCodec.For(template.ValuesType).Read(r)
                ?? throw new InvalidDataException($"the state file has no parameter values for module '{module}'");
            parameters.Replace(ParameterSetValues.With(template, values));
        }

        var prices = new PriceOracle();
        int sourceCount = ValueCodec.ReadCount(r);
        for (int i = 0; i < sourceCount; i++)
        {
            var name = r.ReadString();
            var kind = (PriceSourceKind)r.ReadInt32();
            if (!Enum.IsDefined(kind)) throw new InvalidDataException($"price source '{name}' has an unknown kind {(int)kind}");
            long maxAge = r.ReadInt64();
            var accumulator = new TwapAccumulator(r.ReadInt64());
            int observations = ValueCodec.ReadCount(r);
            long previousHeight = 0;
            Int128 previousCumulative = 0;
            Fixed previousPrice = Fixed.Zero;
            for (int o = 0; o < observations; o++)
            {
                long height = r.ReadInt64();
                var cumulative = unchecked((Int128)ValueCodec.ReadUInt128(r));
                var price = new Fixed(unchecked((Int128)ValueCodec.ReadUInt128(r)));
                // The state hash covers the kept observations through the chain's head, which the file carries rather
                // than recomputes (pruned observations are not in the file): so each observation is checked against the
                // one before it, which ties every height, cumulative and price but the last (hashed as it is) together.
                if (o > 0 && (height <= previousHeight || cumulative != checked(previousCumulative + previousPrice.Raw * (height - previousHeight))))
                    throw new InvalidDataException(
                        $"price source '{name}': kept observation {o} (block {height}) does not follow from the one before it (block {previousHeight})");
                accumulator.AppendKept(height, cumulative, price);
                (previousHeight, previousCumulative, previousPrice) = (height, cumulative, price);
            }
            accumulator.RestoreSealedChain(HashChain.Read(r.ReadBytes(HashChain.Length) is { Length: HashChain.Length } head
                ? head : throw new EndOfStreamException()));
            prices.Put(new PriceSource(name, kind, maxAge, accumulator));
        }

        var modules = new Modules.ModuleState[engine.ModuleStates.Count];
        for (int i = 0; i < modules.Length; i++)
            modules[i] = ValueCodec.For(engine.ModuleStates[i].GetType()).Read(r) as Modules.ModuleState
                ?? throw new InvalidDataException($"the state file has no state for module {header.Modules[i]}");

        return new EngineState
        {
            Ledger = ledger,
            Clock = new BlockClock(header.Height, genesis, blockSeconds),
            Random = random,
            Roles = roles,
            Pauses = pauses,
            Parameters = parameters,
            Prices = prices,
            Modules = modules,
        };
    }

    // The ledger is rebuilt through its public operations (another part of the engine owns its representation):
    // accounts and tokens in id order, balances minted to their holders, then each token's burned total minted and
    // burned again through one account, so minted, burned and every balance come out as written.
    private static TokenLedger ReadLedger(BinaryReader r)
    {
        var ledger = new TokenLedger();
        int accounts = ValueCodec.ReadCount(r);
        for (int i = 0; i < accounts; i++)
        {
            var name = r.ReadString();
            var kind = (AccountKind)r.ReadInt32();
            if (!Enum.IsDefined(kind)) throw new InvalidDataException($"account '{name}' has an unknown kind {(int)kind}");
            ledger.CreateAccount(name, kind);
        }
        int tokens = ValueCodec.ReadCount(r);
        var totals = new (UInt128 Minted, UInt128 Burned)[tokens];
        for (int t = 0; t < tokens; t++)
        {
            ledger.CreateToken(r.ReadString(), r.ReadInt32(), r.ReadString());
            totals[t] = (ValueCodec.ReadUInt128(r), ValueCodec.ReadUInt128(r));
        }
        var sums = new UInt128[tokens];
        int balances = ValueCodec.ReadCount(r);
        for (int i = 0; i < balances; i++)
        {
            int account = r.Read7BitEncodedInt();
            int token = r.Read7BitEncodedInt();
            var units = ValueCodec.ReadUInt128(r);
            if ((uint)account >= (uint)accounts || (uint)token >= (uint)tokens)
                throw new InvalidDataException($"a balance of account {account} in token {token}, beyond the {accounts} accounts and {tokens} tokens");
            if (!ledger.TryMint(new AccountId(account), new TokenId(token), new Amount(units)))
                throw new InvalidDataException($"the balances of token {ledger.Token(new TokenId(token)).Symbol} overflow");
            sums[token] = checked(sums[token] + units);
        }
        for (int t = 0; t < tokens; t++)
        {
            var (minted, burned) = totals[t];
            if (burned > minted || minted - burned != sums[t])
                throw new InvalidDataException($"token {ledger.Token(new TokenId(t)).Symbol}: balances {sums[t]} are not minted {minted} − burned {burned}");
            if (burned == 0) continue;
            if (accounts == 0) throw new InvalidDataException($"token {ledger.Token(new TokenId(t)).Symbol} has burned units but there are no accounts");
            var through = new AccountId(0);
            if (!ledger.TryMint(through, new TokenId(t), new Amount(burned)) || !ledger.TryBurn(through, new TokenId(t), new Amount(burned)))
                throw new InvalidDataException($"token {ledger.Token(new TokenId(t)).Symbol}: cannot restore its burned total");
        }
        ledger.ClearJournal();
        return ledger;
    }
}

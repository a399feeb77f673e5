using System.Text;
using System.Text.Json;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Support;

/// <summary>Short forms for running transactions and reading state in tests.</summary>
public static class EngineTestExtensions
{
    /// <summary>Runs <paramref name="tx"/> alone in the next block and returns its result.</summary>
    public static TxResult Run(this Engine engine, Envelope tx) => engine.ExecuteBlock([tx]).Results[0];

    /// <summary>Runs the transactions as the next block and asserts that every one was accepted.</summary>
    public static void RunOk(this Engine engine, params Envelope[] txs)
    {
        var result = engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++)
            result.Results[i].Accepted.ShouldBeTrue($"block {result.Height}, transaction {i} ({txs[i]}): {result.Results[i]}");
    }

    /// <summary>Runs empty blocks until <paramref name="height"/> is the height of the block just executed.</summary>
    public static void AdvanceTo(this Engine engine, long height)
    {
        engine.Height.ShouldBeLessThanOrEqualTo(height);
        engine.AdvanceBlocks(height - engine.Height);
    }

    public static Amount Balance(this Engine engine, string account, string token = Engine.TaoSymbol)
    {
        if (!engine.Ledger.TryGetAccount(account, out var id)) return Amount.Zero;
        if (!engine.Ledger.TryGetToken(token, out var tokenId)) return Amount.Zero;
        return engine.Ledger.BalanceOf(id, tokenId);
    }

    public static void ShouldBeRejectedWith(this TxResult result, ErrorCode code)
    {
        result.Accepted.ShouldBeFalse($"expected {code}, but the transaction was accepted");
        result.Error.ShouldBe(code, result.ToString());
        result.Message.ShouldNotBeNullOrWhiteSpace();
    }

    public static void ShouldBeAccepted(this TxResult result) => result.Accepted.ShouldBeTrue(result.ToString());

    /// <summary>
    /// Everything observable about the engine state, independent of the state hash (so a gap in the hash cannot
    /// hide a change): height, accounts, tokens with minted and burned, balances, roles, pauses, parameters,
    /// price sources and every module state's description.
    /// </summary>
    public static string Fingerprint(this Engine engine)
    {
        var sb = new StringBuilder();
        var ledger = engine.Ledger;
        sb.Append("height ").Append(engine.Height).AppendLine();
        foreach (var a in ledger.Accounts) sb.Append("account ").Append(a.Id.Value).Append(' ').Append(a.Name).Append(' ').Append(a.Kind).AppendLine();
        foreach (var t in ledger.Tokens)
            sb.Append("token ").Append(t.Symbol).Append(' ').Append(t.Decimals).Append(' ').Append(t.Issuer)
              .Append(" minted ").Append(ledger.Minted(t.Id)).Append(" burned ").Append(ledger.Burned(t.Id)).AppendLine();
        foreach (var (account, token, balance) in ledger.NonZeroBalances())
            sb.Append("balance ").Append(account.Name).Append(' ').Append(token.Symbol).Append(' ').Append(balance).AppendLine();
        foreach (var (role, holders) in engine.Roles.View().OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("role ").Append(role).Append(": ").AppendJoin(",", holders).AppendLine();
        sb.Append("paused: ").AppendJoin(",", engine.Pauses.View()).AppendLine();
        foreach (var set in engine.Parameters.All)
            foreach (var p in set.View())
                sb.Append("param ").Append(set.Module).Append('.').Append(p.Name).Append('=').Append(p.Value).AppendLine();
        foreach (var s in engine.Prices.Sources)
        {
            var acc = s.Accumulator;
            sb.Append("price ").Append(s.Name).Append(' ').Append(s.Kind).Append(' ').Append(s.MaxAgeBlocks);
            if (acc.HasPrice)
                sb.Append(" last ").Append(acc.LastPrice).Append('@').Append(acc.LastHeight).Append(" first@").Append(acc.FirstHeight)
                  .Append(" cum ").Append(acc.CumulativeAt(acc.LastHeight));
            sb.AppendLine();
        }
        foreach (var state in engine.ModuleStates)
        {
            switch (state)
            {
                case GovernanceState governance: Describe(sb, governance); break;
                case TestState test: sb.Append(test.Pings).Append(' ').Append(test.LastDraw).Append(' ').Append(test.Total).Append(' ').Append(test.LastPrice).AppendLine(); break;
                default: sb.Append(state.GetType().Name).Append(' ').Append(JsonSerializer.Serialize(state.Describe(engine.View))).AppendLine(); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Every stored field of the governance state (records print their members; collections are listed here).</summary>
    private static void Describe(StringBuilder sb, GovernanceState state)
    {
        sb.Append("governance next ").Append(state.NextProposalId).Append(' ').Append(state.NextVoteId).AppendLine();
        foreach (var m in state.Multisigs.Values) sb.Append(m with { Members = [] }).Append(" members ").AppendJoin(",", m.Members).AppendLine();
        foreach (var p in state.Proposals.Values) sb.Append(p with { Approvals = [] }).Append(" approvals ").AppendJoin(",", p.Approvals).AppendLine();
        foreach (var b in state.Bodies.Values) sb.Append(b).AppendLine();
        foreach (var v in state.Votes.Values)
            sb.Append(v with { Deposits = v.Deposits.Clear() }).Append(" deposits ").AppendJoin(",", v.Deposits.Select(d => $"{d.Key}={d.Value}")).AppendLine();
    }
}

public static class FluentExtensions
{
    /// <summary>Runs <paramref name="action"/> on <paramref name="value"/> and returns it (arrange steps inline).</summary>
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}

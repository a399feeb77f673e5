using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Serialization;

public enum ProbeSide { Long, Short }

/// <summary>A record inside a transaction that is not a transaction itself.</summary>
public sealed record ProbeLeg(string Market, Amount Size);

/// <summary>A payload with a field of every kind the transaction format reads, for the format's own tests.</summary>
public sealed record Probe(
    int Count,
    long Blocks,
    ulong Big,
    bool Flag,
    Amount Amount,
    Fixed Price,
    UInt128 Wide,
    Int128 Signed,
    Ppb Rate,
    Bps Slippage,
    ProbeSide Side,
    IReadOnlyList<string> Names,
    IReadOnlyDictionary<string, Amount> Balances,
    ImmutableArray<long> Ids,
    ProbeLeg Leg,
    string? Memo = null,
    int? Limit = null,
    ProbeSide Fallback = ProbeSide.Short,
    ITransaction? Then = null) : ITransaction;

/// <summary>A record that contains itself.</summary>
public sealed record ProbeChain(string Name, ProbeChain? Next);

public sealed record ProbeLinked(ProbeChain Chain) : ITransaction;

/// <summary>A field type the format has no JSON form for (doubles are not exact): a module's programming error.</summary>
public sealed record ProbeFloating(double Value) : ITransaction;

/// <summary>Accepts <see cref="Probe"/> as <c>probe.probe</c> and does nothing: the tests are about reading it.</summary>
public sealed class ProbeModule : IModule
{
    public string Name => "probe";

    public void Configure(ModuleBuilder builder) => builder
        .Handle<Probe>("probe", (_, _) => TxResult.Ok)
        .Handle<ProbeLinked>("linked", (_, _) => TxResult.Ok);

    /// <summary>A valid <c>probe.probe</c> envelope, one field a line; <paramref name="replace"/> swaps in other field text.</summary>
    public static string Json(string? replace = null, string? with = null)
    {
        var text = """
            {
              "type": "probe.probe",
              "sender": "alice",
              "count": 3,
              "blocks": -5,
              "big": 18446744073709551615,
              "flag": true,
              "amount": "1.5 TAO",
              "price": "0.25",
              "wide": "340282366920938463463374607431768211455",
              "signed": -7,
              "rate": 1000000000,
              "slippage": 50,
              "side": "long",
              "names": ["a", "b"],
              "balances": { "TAO": 5, "SN4": "2 alpha" },
              "ids": [1, 2],
              "leg": { "market": "TAO/USD", "size": 10 }
            }
            """;
        return replace is null ? text : text.Replace(replace, with, StringComparison.Ordinal);
    }
}

/// <summary>Declares <see cref="ProbeFloating"/>, which the format cannot read.</summary>
public sealed class FloatingModule : IModule
{
    public string Name => "floating";

    public void Configure(ModuleBuilder builder) => builder.Handle<ProbeFloating>("value", (_, _) => TxResult.Ok);
}

using System.Security.Cryptography;
using System.Text;
using Ballast.Capital.Model;
using Ballast.Core.Numerics;
using static Ballast.Capital.Tests.Support.Inputs;

namespace Ballast.Capital.Tests.Model;

public sealed class CanonicalInputsTests
{
    private static readonly CapitalInputs Example = new(
        "TAO", 100, Tokens(25),
        [Module("ido", "TAO", Matrix([1, 0.5m], [0.5m, 1]), Cell("a", 30, 0.1m), Cell("b", 8, 0.5m)), Module("alpha", "SN4", Identity(1), Cell("x", 100))],
        [new CurrencyHolding("SN4", Tokens(40), Fixed.Parse("0.2"))],
        Matrix([1, 0.2m, 0], [0.2m, 1, 0.65m], [0, 0.65m, 1]));

    [Fact]
    public void The_canonical_text_is_compact_json_in_the_input_files_order()
    {
        CanonicalInputs.Text(Example).ShouldBe(
            """{"baseToken":"TAO","lockedAtBlock":100,"floor":"25000000000","modules":[""" +
            """{"name":"ido","currency":"TAO","cells":[{"name":"a","cover":"30000000000","weightPpb":100000000},{"name":"b","cover":"8000000000","weightPpb":500000000}],"correlation":[[1000000000,500000000],[500000000,1000000000]]},""" +
            """{"name":"alpha","currency":"SN4","cells":[{"name":"x","cover":"100000000000","weightPpb":1000000000}],"correlation":[[1000000000]]}],""" +
            "\"currencies\":[{\"currency\":\"SN4\",\"held\":\"40000000000\",\"rateToBase\":\"0.2\"}]," +
            "\"moduleCorrelation\":[[1000000000,200000000,0],[200000000,1000000000,650000000],[0,650000000,1000000000]],\"fxShockPpb\":500000000}");
    }

    [Fact]
    public void The_hash_is_the_sha256_of_the_canonical_text()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalInputs.Text(Example))));
        CanonicalInputs.Hash(Example).ShouldBe(expected);
        expected.Length.ShouldBe(64);
    }

    [Fact]
    public void Any_change_of_an_input_changes_the_hash_and_the_default_shock_is_written_as_given()
    {
        var h = CanonicalInputs.Hash(Example);
        CanonicalInputs.Hash(Example with { LockedAtBlock = 101 }).ShouldNotBe(h);
        CanonicalInputs.Hash(Example with { Floor = Example.Floor + new Amount(1) }).ShouldNotBe(h);
        CanonicalInputs.Hash(Example with { FxShockPpb = new Ppb(400_000_000) }).ShouldNotBe(h);
        CanonicalInputs.Hash(Example with { Currencies = [new CurrencyHolding("SN4", Tokens(40), Fixed.Parse("0.2000001"))] }).ShouldNotBe(h);
        // Leaving the shock out and writing the seed's 50% are the same inputs, so the same hash.
        CanonicalInputs.Hash(Example with { FxShockPpb = new Ppb(500_000_000) }).ShouldBe(h);
    }
}

using System.Globalization;
using System.Numerics;
using Ballast.Core.Numerics;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Prices;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Prices;

/// <summary>
/// <see cref="CPythonRandom"/> against CPython itself: vectors python3 made (bench/radcad/make_vectors.py, committed
/// under CPythonVectors/) compared to the bit, the reference MT19937's published first outputs, and — where python3 is
/// on the PATH — longer streams, a multi-word seed and the radCAD model's whole book and day of returns.
/// </summary>
public class CPythonRandomTests
{
    private static readonly Fixed[] ModelLeverages = [.. new[] { 2, 3, 4, 5, 7, 10 }.Select(l => Fixed.FromInt(l))];

    private static string Vectors(string file) => Path.Combine(Repo.Root, "tests", "Simulation.Tests", "Prices", "CPythonVectors", file);

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('#'));

    private static double Double(string hex) => BitConverter.Int64BitsToDouble(long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static string Hex(double x) => BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture);

    // Each of the four draws from a fresh Random(seed), as make_vectors.py writes them; the first mismatch is reported.
    private static void ShouldMatchDraws(BigInteger seed, IEnumerable<string> lines)
    {
        var byKind = lines.Select(l => l.Split(' ')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToArray());
        byKind.Keys.Order().ShouldBe(["choice", "gauss", "random", "uniform"]);
        var draws = new Dictionary<string, Func<CPythonRandom, string>>
        {
            ["random"] = r => Hex(r.Random()),
            ["gauss"] = r => Hex(r.Gauss(0.0, 1.0)),
            ["uniform"] = r => Hex(r.Uniform(1, 50)),
            ["choice"] = r => r.Choice([2, 3, 4, 5, 7, 10]).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (kind, expected) in byKind)
        {
            var random = new CPythonRandom(seed);
            for (int i = 0; i < expected.Length; i++)
                draws[kind](random).ShouldBe(expected[i], $"seed {seed}, {kind} draw {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void The_first_2000_random_gauss_uniform_and_choice_draws_equal_CPythons_to_the_bit(int seed)
    {
        var lines = Lines(File.ReadAllText(Vectors($"draws-seed{seed}.txt"))).ToList();
        lines.Count.ShouldBe(8_000);
        ShouldMatchDraws(seed, lines);
    }

    [Fact]
    public void The_twister_gives_the_reference_implementations_published_first_outputs()
    {
        // mt19937ar.c's test: init_by_array({0x123, 0x234, 0x345, 0x456}) then genrand_int32. CPython seeds with the
        // integer's 32-bit words, least significant first, so this integer is that key.
        var seed = (new BigInteger(0x456) << 96) | (new BigInteger(0x345) << 64) | (new BigInteger(0x234) << 32) | 0x123;
        var random = new CPythonRandom(seed);
        uint[] expected = [1067595299, 955945823, 477289528, 4107218783, 4228976476];
        foreach (var e in expected) random.NextUInt32().ShouldBe(e);
    }

    [Fact]
    public void A_negative_seed_is_its_absolute_value_and_zero_is_one_zero_word()
    {
        var a = new CPythonRandom(-12345);
        var b = new CPythonRandom(12345);
        for (int i = 0; i < 1000; i++) a.NextUInt32().ShouldBe(b.NextUInt32());
        // Python: random.Random(0).random() == 0.8444218515250481
        new CPythonRandom(0).Random().ShouldBe(0.8444218515250481);
    }

    [Fact]
    public void Getrandbits_and_randbelow_stay_in_range_and_randbelow_uses_the_bit_length_of_n()
    {
        var random = new CPythonRandom(20260601);
        var reference = new CPythonRandom(20260601);
        var lengths = new DeterministicRandom(5);
        for (int i = 0; i < 20_000; i++)
        {
            int k = (int)(lengths.NextUInt64() % 65);
            ulong bits = random.GetRandBits(k);
            if (k < 64) bits.ShouldBeLessThan(1UL << k);
            // The same stream read as 32-bit words: up to 32 bits are one word's top bits, more are two words, low first.
            ulong expected = k == 0 ? 0 : k <= 32 ? reference.NextUInt32() >> (32 - k)
                : reference.NextUInt32() | ((ulong)(reference.NextUInt32() >> (64 - k)) << 32);
            bits.ShouldBe(expected);
        }
        for (int i = 0; i < 20_000; i++)
        {
            ulong n = 1 + lengths.NextUInt64() % 1000;
            var before = new CPythonRandom(i);
            ulong r = before.RandBelow(n);
            r.ShouldBeLessThan(n);
            // By hand: draw bit_length(n) bits until below n.
            var by = new CPythonRandom(i);
            int length = 64 - BitOperations.LeadingZeroCount(n);
            ulong draw;
            do draw = by.GetRandBits(length); while (draw >= n);
            r.ShouldBe(draw);
        }
    }

    [Fact]
    public void The_model_books_first_100_leverages_and_collaterals_equal_the_python_models()
    {
        var expected = Lines(File.ReadAllText(Vectors("book-seed1.txt"))).Select(l => l.Split(' ')).ToList();
        expected.Count.ShouldBe(100);
        var book = CPythonMarginBook.Draw(1, 100, ModelLeverages, Amount.Tokens(1), Amount.Tokens(50));
        var random = new CPythonRandom(1);
        for (int i = 0; i < 100; i++)
        {
            book[i].Leverage.ShouldBe(Fixed.FromInt(int.Parse(expected[i][0], CultureInfo.InvariantCulture)), $"position {i}");
            book[i].Collateral.Units.ShouldBe(UInt128.Parse(expected[i][2], CultureInfo.InvariantCulture), $"position {i}");
            // The double behind the rao is the model's own: choice, then uniform, from one stream.
            random.Choice(ModelLeverages);
            Hex(random.Uniform(1, 50)).ShouldBe(expected[i][1]);
        }
    }

    [Fact]
    public void Tao_to_rao_is_exact_and_rounds_half_to_even()
    {
        CPythonMarginBook.ToRao(1.0).Units.ShouldBe((UInt128)1_000_000_000);
        CPythonMarginBook.ToRao(1.5).Units.ShouldBe((UInt128)1_500_000_000);
        CPythonMarginBook.ToRao(0).Units.ShouldBe(UInt128.Zero);
        // 2^-31 TAO = 0.4656… rao → 0; 2^-30 TAO = 0.9313… rao → 1; 3·2^-31 = 1.3969… → 1.
        CPythonMarginBook.ToRao(Math.ScaleB(1, -31)).Units.ShouldBe(UInt128.Zero);
        CPythonMarginBook.ToRao(Math.ScaleB(1, -30)).Units.ShouldBe(UInt128.One);
        CPythonMarginBook.ToRao(Math.ScaleB(3, -31)).Units.ShouldBe(UInt128.One);
        // Exact ties: 2^-10 TAO = 976,562.5 rao → the even 976,562; 3·2^-10 TAO = 2,929,687.5 rao → the even 2,929,688.
        CPythonMarginBook.ToRao(Math.ScaleB(1, -10)).Units.ShouldBe((UInt128)976_562);
        CPythonMarginBook.ToRao(Math.ScaleB(3, -10)).Units.ShouldBe((UInt128)2_929_688);
        CPythonMarginBook.ToRao(1e12).Units.ShouldBe((UInt128)1_000_000_000_000 * 1_000_000_000); // above 2^64 rao
        Should.Throw<ArgumentOutOfRangeException>(() => CPythonMarginBook.ToRao(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => CPythonMarginBook.ToRao(double.NaN));
    }

    [Fact]
    public void The_cpython_gbm_models_first_100_block_returns_equal_the_python_models()
    {
        var expected = Lines(File.ReadAllText(Vectors("market-seed8-sigma0.004.txt"))).ToList();
        expected.Count.ShouldBe(100);
        var path = (CPythonGbmPath)new CPythonGbmModel(8, 0.004).Start(0.1, new DeterministicRandom(99));
        double price = 0.1;
        foreach (var e in expected)
        {
            path.Step();
            Hex(path.LastReturn).ShouldBe(e);
            price *= Double(e);
            path.Price.ShouldBe(price); // the price is the model's product of returns, in its order
        }
    }

    [Python3Fact]
    public void Longer_streams_and_a_multiword_seed_equal_python3s()
    {
        foreach (var seed in new[] { BigInteger.One, new BigInteger(8), (BigInteger.One << 70) + 12_345, BigInteger.Parse("123456789012345678901234567890", CultureInfo.InvariantCulture) })
            ShouldMatchDraws(seed, Lines(Python3.Run(["bench/radcad/make_vectors.py", "-", "draws", seed.ToString(CultureInfo.InvariantCulture), "20000"])));
    }

    [Python3Fact]
    public void The_whole_book_of_10000_and_a_day_of_returns_equal_python3s()
    {
        var expected = Lines(Python3.Run(["bench/radcad/make_vectors.py", "-", "book", "1", "10000"])).Select(l => l.Split(' ')).ToList();
        var book = CPythonMarginBook.Draw(1, 10_000, ModelLeverages, Amount.Tokens(1), Amount.Tokens(50));
        for (int i = 0; i < expected.Count; i++)
        {
            book[i].Leverage.ShouldBe(Fixed.FromInt(int.Parse(expected[i][0], CultureInfo.InvariantCulture)), $"position {i}");
            book[i].Collateral.Units.ShouldBe(UInt128.Parse(expected[i][2], CultureInfo.InvariantCulture), $"position {i}");
        }
        expected.Count.ShouldBe(10_000);
        // 0.004 (the scenario's σ) and a σ whose pow(σ, 2) is not σ·σ rounded (so the model's σ ** 2 must be pow's).
        foreach (var sigma in new[] { 0.004, Double("3fee9d8583b85bd1") })
        {
            var returns = Lines(Python3.Run(["bench/radcad/make_vectors.py", "-", "market", "8", "7200", sigma.ToString("R", CultureInfo.InvariantCulture)])).ToList();
            returns.Count.ShouldBe(7_200);
            var path = (CPythonGbmPath)new CPythonGbmModel(8, sigma).Start(1, new DeterministicRandom(1));
            for (int i = 0; i < returns.Count; i++)
            {
                path.Step();
                Hex(path.LastReturn).ShouldBe(returns[i], $"σ {sigma}, block {i + 1}");
            }
        }
    }
}

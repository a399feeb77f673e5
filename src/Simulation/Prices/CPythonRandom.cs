using System.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>
/// CPython's <c>random.Random</c>, reproduced to the bit: the Mersenne Twister MT19937 seeded as <c>Random(n)</c> seeds
/// it (init_by_array over |n|'s 32-bit words, least significant first), <c>random()</c> from two outputs (27 and 26
/// bits), <c>gauss</c> with its cached second variate, <c>uniform</c> and <c>choice</c> (rejection sampling on
/// <c>getrandbits</c>). It lets a scenario run the very path a Python model (the radCAD anchor) draws. Not thread-safe:
/// one instance per path, as in Python. The algorithms follow CPython 3's Modules/_randommodule.c and Lib/random.py;
/// tests compare them with vectors made by python3 (bench/radcad/make_vectors.py).
/// </summary>
public sealed class CPythonRandom
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908B0DFU, UpperMask = 0x80000000U, LowerMask = 0x7FFFFFFFU;

    private readonly uint[] _state = new uint[N];
    private int _index;
    private double? _gaussNext;

    /// <summary>The generator <c>random.Random(seed)</c> makes (CPython seeds an integer by its absolute value).</summary>
    public CPythonRandom(BigInteger seed)
    {
        var n = BigInteger.Abs(seed);
        var key = new List<uint>();
        do
        {
            key.Add((uint)(n & uint.MaxValue));
            n >>= 32;
        } while (!n.IsZero);
        InitByArray(key);
    }

    private void InitGenrand(uint s)
    {
        _state[0] = s;
        for (int i = 1; i < N; i++)
            _state[i] = unchecked(1812433253U * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    private void InitByArray(List<uint> key)
    {
        InitGenrand(19650218U);
        int i = 1, j = 0;
        unchecked
        {
            for (int k = Math.Max(N, key.Count); k > 0; k--)
            {
                _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
                i++;
                j++;
                if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
                if (j >= key.Count) j = 0;
            }
            for (int k = N - 1; k > 0; k--)
            {
                _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941U)) - (uint)i;
                i++;
                if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
            }
        }
        _state[0] = 0x80000000U; // a non-zero state whatever the key
    }

    /// <summary>The next 32-bit output of MT19937 (genrand_uint32).</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680U;
        y ^= (y << 15) & 0xEFC60000U;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        int k = 0;
        for (; k < N - M; k++)
        {
            uint y = (_state[k] & UpperMask) | (_state[k + 1] & LowerMask);
            _state[k] = _state[k + M] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        for (; k < N - 1; k++)
        {
            uint y = (_state[k] & UpperMask) | (_state[k + 1] & LowerMask);
            _state[k] = _state[k + (M - N)] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        uint last = (_state[N - 1] & UpperMask) | (_state[0] & LowerMask);
        _state[N - 1] = _state[M - 1] ^ (last >> 1) ^ ((last & 1) * MatrixA);
        _index = 0;
    }

    /// <summary><c>random()</c>: a double in [0, 1) from 53 random bits (the high 27 bits of one output, 26 of the next).</summary>
    public double Random()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>
    /// <c>getrandbits(k)</c> for 0 ≤ k ≤ 64: up to 32 bits are the top bits of one output; more take one output per
    /// 32 bits, least significant word first, the last word's top bits.
    /// </summary>
    public ulong GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 64);
        if (k == 0) return 0;
        if (k <= 32) return NextUInt32() >> (32 - k);
        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - k);
        return low | (high << 32);
    }

    /// <summary><c>_randbelow(n)</c>: uniform in [0, n) by drawing n's bit length in bits until the draw is below n.</summary>
    public ulong RandBelow(ulong n)
    {
        ArgumentOutOfRangeException.ThrowIfZero(n);
        int k = 64 - BitOperations.LeadingZeroCount(n); // n.bit_length(), not (n − 1)'s: CPython's choice
        ulong r = GetRandBits(k);
        while (r >= n) r = GetRandBits(k);
        return r;
    }

    /// <summary><c>choice(seq)</c>: one element, uniformly.</summary>
    public T Choice<T>(IReadOnlyList<T> items)
    {
        if (items.Count == 0) throw new ArgumentException("cannot choose from an empty sequence", nameof(items));
        return items[(int)RandBelow((ulong)items.Count)];
    }

    /// <summary><c>uniform(a, b)</c>: a + (b − a)·random().</summary>
    public double Uniform(double a, double b) => a + (b - a) * Random();

    /// <summary>
    /// <c>gauss(mu, sigma)</c>: Box–Muller on two uniforms, cos(2πx)·√(−2 ln(1 − y)) returned and the sin variate
    /// kept for the next call, as CPython does (so draws alternate between computing two and using the cached one).
    /// </summary>
    public double Gauss(double mu = 0.0, double sigma = 1.0)
    {
        double z;
        if (_gaussNext is { } cached)
        {
            z = cached;
            _gaussNext = null;
        }
        else
        {
            double x2pi = Random() * (2 * Math.PI);
            double g2rad = Math.Sqrt(-2.0 * Math.Log(1.0 - Random()));
            z = Math.Cos(x2pi) * g2rad;
            _gaussNext = Math.Sin(x2pi) * g2rad;
        }
        return mu + z * sigma;
    }
}

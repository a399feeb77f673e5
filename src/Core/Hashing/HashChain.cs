using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ballast.Core.Hashing;

/// <summary>
/// A SHA-256 hash chain: the head after entries e₁…eₙ is dₙ = SHA-256(dₙ₋₁ ‖ eₙ) from d₀ = 32 zero bytes. It commits to
/// the whole sequence at a cost of one hash per entry, so a state whose history only grows (a TWAP's sealed
/// observations) is hashed in O(1) per block instead of O(history): equal heads mean equal sequences unless someone
/// found a SHA-256 collision. An immutable value (four words), so undo marks and clones copy it for free.
/// </summary>
public readonly record struct HashChain(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>The number of bytes of a head.</summary>
    public const int Length = 32;

    /// <summary>The head of the empty chain (d₀): 32 zero bytes.</summary>
    public static HashChain Empty => default;

    /// <summary>The head after appending <paramref name="entry"/> (its bytes as given: the caller fixes their layout).</summary>
    public HashChain Append(ReadOnlySpan<byte> entry)
    {
        Span<byte> input = entry.Length <= 224 ? stackalloc byte[Length + entry.Length] : new byte[Length + entry.Length];
        WriteTo(input);
        entry.CopyTo(input[Length..]);
        Span<byte> head = stackalloc byte[Length];
        SHA256.HashData(input, head);
        return Read(head);
    }

    /// <summary>The head's 32 bytes (each word little-endian, in order).</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, W0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], W3);
    }

    /// <summary>The head whose bytes are <paramref name="source"/> (<see cref="Length"/> of them, as <see cref="WriteTo"/> writes).</summary>
    public static HashChain Read(ReadOnlySpan<byte> source)
    {
        if (source.Length != Length) throw new ArgumentException($"a hash chain head is {Length} bytes; got {source.Length}", nameof(source));
        return new HashChain(
            BinaryPrimitives.ReadUInt64LittleEndian(source),
            BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[24..]));
    }

    /// <summary>The head's bytes as lowercase hex (equal to SHA-256's usual hex of the same bytes).</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}

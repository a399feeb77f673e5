using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Ballast.Core.Hashing;

namespace Ballast.Core.Tests.Hashing;

/// <summary>
/// The state hasher gathers fields in a buffer before handing them to SHA-256: its hash must be SHA-256 of exactly the
/// bytes its encoding defines (each field little-endian, a string as its UTF-8 length then its bytes, a chain head as
/// its 32 bytes), whatever the fields' sizes and wherever the buffer's boundaries fall. The reference here builds that
/// byte string by hand and hashes it in one call.
/// </summary>
public sealed class StateHasherBufferTests
{
    private static string RandomText(Random random, int length)
    {
        // ASCII, two-byte and three-byte characters and a surrogate pair: UTF-8 lengths differ from character counts.
        string[] pieces = ["a", "Z", "0", "é", "ß", "τ", "€", "語", "😀"];
        var text = new StringBuilder();
        while (text.Length < length) text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    [Fact]
    public void The_hash_is_sha256_of_the_encoded_fields_for_random_sequences_across_buffer_boundaries()
    {
        var scratch = new byte[16];
        for (int seed = 0; seed < 2_000; seed++)
        {
            var random = new Random(seed);
            using var hasher = new StateHasher();
            var expected = new MemoryStream();
            int fields = random.Next(0, 400);
            for (int f = 0; f < fields; f++)
            {
                switch (random.Next(8))
                {
                    case 0:
                        int i = random.Next(int.MinValue, int.MaxValue);
                        hasher.Write(i);
                        BinaryPrimitives.WriteInt32LittleEndian(scratch, i);
                        expected.Write(scratch, 0, 4);
                        break;
                    case 1:
                        long l = random.NextInt64(long.MinValue, long.MaxValue);
                        hasher.Write(l);
                        BinaryPrimitives.WriteInt64LittleEndian(scratch, l);
                        expected.Write(scratch, 0, 8);
                        break;
                    case 2:
                        ulong u = (ulong)random.NextInt64() * 3;
                        hasher.Write(u);
                        BinaryPrimitives.WriteUInt64LittleEndian(scratch, u);
                        expected.Write(scratch, 0, 8);
                        break;
                    case 3:
                        var big = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
                        hasher.Write(big);
                        BinaryPrimitives.WriteUInt128LittleEndian(scratch, big);
                        expected.Write(scratch, 0, 16);
                        break;
                    case 4:
                        var signed = (Int128)new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64());
                        hasher.Write(signed);
                        BinaryPrimitives.WriteInt128LittleEndian(scratch, signed);
                        expected.Write(scratch, 0, 16);
                        break;
                    case 5:
                        bool b = random.Next(2) == 1;
                        hasher.Write(b);
                        BinaryPrimitives.WriteInt32LittleEndian(scratch, b ? 1 : 0);
                        expected.Write(scratch, 0, 4);
                        break;
                    case 6:
                        // Mostly short names; now and then a string longer than the hasher's buffer.
                        var text = RandomText(random, random.Next(10) == 0 ? random.Next(600, 3_000) : random.Next(0, 40));
                        hasher.Write(text);
                        var utf8 = Encoding.UTF8.GetBytes(text);
                        BinaryPrimitives.WriteInt32LittleEndian(scratch, utf8.Length);
                        expected.Write(scratch, 0, 4);
                        expected.Write(utf8);
                        break;
                    default:
                        var head = new byte[HashChain.Length];
                        random.NextBytes(head);
                        hasher.Write(HashChain.Read(head));
                        expected.Write(head);
                        break;
                }
            }
            hasher.Finish().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(expected.ToArray())), $"seed {seed}");
        }
    }

    [Fact]
    public void A_hasher_is_reset_by_finishing_and_hashes_the_next_state_from_nothing()
    {
        using var hasher = new StateHasher();
        hasher.Write("first state");
        hasher.Write(42L);
        hasher.Finish();
        hasher.Write(7);
        var seven = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(seven, 7);
        hasher.Finish().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(seven)));
        hasher.Finish().ShouldBe(Convert.ToHexStringLower(SHA256.HashData([])));
    }
}

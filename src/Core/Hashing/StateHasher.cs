using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ballast.Core.Hashing;

/// <summary>
/// SHA-256 over a canonical, length-prefixed little-endian encoding of the state. Components write their
/// fields in a fixed order (sorted keys), so equal states give equal hashes on every machine.
/// </summary>
public sealed class StateHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[16];

    public void Write(string value)
    {
        // Encoded on the stack when short (names, ids): hashing a large state writes many strings, none allocates.
        if (value.Length <= 128)
        {
            Span<byte> buffer = stackalloc byte[384];
            int length = Encoding.UTF8.GetBytes(value, buffer);
            Write(length);
            _hash.AppendData(buffer[..length]);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Write(bytes.Length);
        _hash.AppendData(bytes);
    }

    public void Write(int value) { BinaryPrimitives.WriteInt32LittleEndian(_buffer, value); _hash.AppendData(_buffer, 0, 4); }
    public void Write(long value) { BinaryPrimitives.WriteInt64LittleEndian(_buffer, value); _hash.AppendData(_buffer, 0, 8); }
    public void Write(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(_buffer, value); _hash.AppendData(_buffer, 0, 8); }
    public void Write(bool value) => Write(value ? 1 : 0);
    public void Write(UInt128 value) { BinaryPrimitives.WriteUInt128LittleEndian(_buffer, value); _hash.AppendData(_buffer, 0, 16); }
    public void Write(Int128 value) { BinaryPrimitives.WriteInt128LittleEndian(_buffer, value); _hash.AppendData(_buffer, 0, 16); }
    public void Write(Numerics.Amount value) => Write(value.Units);
    public void Write(Numerics.Fixed value) => Write(value.Raw);

    /// <summary>A hash chain's head: its 32 bytes, fixed length so no prefix.</summary>
    public void Write(HashChain value)
    {
        Span<byte> bytes = stackalloc byte[HashChain.Length];
        value.WriteTo(bytes);
        _hash.AppendData(bytes);
    }

    /// <summary>The hash as lowercase hex.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}

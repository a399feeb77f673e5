using System.Buffers;
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
    // Fields are gathered in a buffer and handed to SHA-256 a buffer at a time: the state is written as thousands of
    // 4-to-16-byte fields, and each call into the platform's hash crosses into native code (a third of the node's
    // per-block hashing went to those crossings). The bytes hashed, and so the hash, are the same.
    private const int BufferBytes = 2048;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _used;

    public void Write(string value)
    {
        // Encoded straight into the buffer when it fits (names, ids): hashing a large state writes many strings, none allocates.
        int most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most <= BufferBytes - 4)
        {
            if (_used + 4 + most > BufferBytes) Flush();
            int length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used + 4));
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), length);
            _used += 4 + length;
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Write(bytes.Length);
        Append(bytes);
    }

    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);
    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
    public void Write(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
    public void Write(bool value) => Write(value ? 1 : 0);
    public void Write(UInt128 value) => BinaryPrimitives.WriteUInt128LittleEndian(Reserve(16), value);
    public void Write(Int128 value) => BinaryPrimitives.WriteInt128LittleEndian(Reserve(16), value);
    public void Write(Numerics.Amount value) => Write(value.Units);
    public void Write(Numerics.Fixed value) => Write(value.Raw);

    /// <summary>A hash chain's head: its 32 bytes, fixed length so no prefix.</summary>
    public void Write(HashChain value) => value.WriteTo(Reserve(HashChain.Length));

    /// <summary>The hash as a <see cref="HashChain"/> head (a link of a chain whose entry this hasher wrote after the previous head).</summary>
    public HashChain FinishChain()
    {
        Flush();
        Span<byte> bytes = stackalloc byte[HashChain.Length];
        _hash.GetHashAndReset(bytes);
        return HashChain.Read(bytes);
    }

    /// <summary>The hash as lowercase hex.</summary>
    public string Finish()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>The next <paramref name="bytes"/> bytes of the buffer, to be written in full by the caller.</summary>
    private Span<byte> Reserve(int bytes)
    {
        if (_used + bytes > BufferBytes) Flush();
        var span = _buffer.AsSpan(_used, bytes);
        _used += bytes;
        return span;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Flush();
        _hash.AppendData(bytes);
    }

    private void Flush()
    {
        if (_used == 0) return;
        _hash.AppendData(_buffer, 0, _used);
        _used = 0;
    }
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ballast.Node.Api;

/// <summary>
/// An answer written as UTF-8 JSON into a buffer rented from the shared pool, then sent with its length: the API's
/// busiest answers (a batch's receipts) were built as strings — each receipt's text, their join, the brackets around
/// it, then the UTF-8 copy of the whole — about a third of what the node allocated per transaction under load
/// (docs/benchmarks.md, "Allocation and block spacing"). The bytes are those of the strings, as the same serializer
/// options write them.
/// </summary>
internal sealed class Utf8JsonAnswer : IResult, IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;
    private readonly int _status;

    /// <summary>Starts an answer of <paramref name="status"/>; <see cref="Writer"/> writes its JSON with the escaping of <paramref name="encoder"/>.</summary>
    public Utf8JsonAnswer(int status, JavaScriptEncoder? encoder, int sizeHint = 4096)
    {
        _status = status;
        _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        Writer = new Utf8JsonWriter(this, new JsonWriterOptions { Encoder = encoder, SkipValidation = true });
    }

    /// <summary>Writes the answer's JSON (compact); validation is off, so a writer of raw JSON text must give whole values.</summary>
    public Utf8JsonWriter Writer { get; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            Writer.Flush();
            var response = httpContext.Response;
            response.StatusCode = _status;
            response.ContentType = "application/json";
            response.ContentLength = _written;
            await response.Body.WriteAsync(_buffer.AsMemory(0, _written), httpContext.RequestAborted);
        }
        finally
        {
            Dispose();
        }
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Reserve(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        Writer.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}

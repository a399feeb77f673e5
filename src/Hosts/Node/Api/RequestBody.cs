using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ballast.Node.Api;

/// <summary>Reads a request body as text within the node's size limit; a body too large or cut short is a refusal, never an exception.</summary>
internal static class RequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes)
    {
        var (body, problem) = await ReadUtf8Async(request, maxBytes).ConfigureAwait(false);
        if (body is null) return (null, problem);
        using (body) return (StrictUtf8.GetString(body.Span), null);
    }

    /// <summary>
    /// The body as checked UTF-8 in a buffer rented from the shared pool (given back by <see cref="Body.Dispose"/>), for
    /// an endpoint that parses the bytes: the text as a string was a copy of twice the size per request.
    /// </summary>
    public static async Task<(Body? Body, IResult? Problem)> ReadUtf8Async(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            // The unread body cannot be drained within the limit, so the server closes the connection after answering:
            // say so, or a client reusing the connection would see its next request cut off.
            request.HttpContext.Response.Headers.Connection = "close";
            return (null, Problems.Of(NodeErrors.RequestTooLarge, 413, $"the body is {request.ContentLength} bytes; the node accepts at most {maxBytes}"));
        }
        try
        {
            Body body;
            if (request.ContentLength is { } length)
            {
                // The usual case: the client said how long the body is (within the limit, checked above), so it is read
                // straight into a rented array of that size: no growing buffer, no 8 KB chunk per request.
                body = new Body(System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1)), 0, rented: true);
                int read;
                while (body.Length < length && (read = await request.Body.ReadAsync(body.Array.AsMemory(body.Length, (int)length - body.Length), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
                    body.Length += read;
            }
            else
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[8192];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        request.HttpContext.Response.Headers.Connection = "close";
                        return (null, Problems.Of(NodeErrors.RequestTooLarge, 413, $"the body is larger than the {maxBytes} bytes the node accepts"));
                    }
                    buffer.Write(chunk, 0, read);
                }
                body = new Body(buffer.ToArray(), (int)buffer.Length, rented: false);
            }
            if (!System.Text.Unicode.Utf8.IsValid(body.Span))
            {
                body.Dispose();
                return (null, Problems.Malformed("the body is not UTF-8 text"));
            }
            return (body, null);
        }
        catch (BadHttpRequestException e)
        {
            request.HttpContext.Response.Headers.Connection = "close";
            return (null, Problems.Of(e.StatusCode == 413 ? NodeErrors.RequestTooLarge : NodeErrors.MalformedRequest, e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400, e.Message));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return (null, Problems.Malformed($"the body could not be read: {e.Message}"));
        }
    }

    /// <summary>A request body's bytes; a rented array goes back to the pool when disposed (not before: a document parsed from it reads it).</summary>
    public sealed class Body(byte[] array, int length, bool rented) : IDisposable
    {
        public byte[] Array { get; private set; } = array;

        public int Length { get; set; } = length;

        public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

        public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

        public void Dispose()
        {
            var array = Array;
            Array = [];
            Length = 0;
            if (rented && array.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>Parses JSON in UTF-8 (the document reads <paramref name="utf8"/> until disposed); null and a problem when it is not JSON.</summary>
    public static (JsonDocument? Document, IResult? Problem) Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return (JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Malformed($"the body is not JSON: {Core.Serialization.ScriptText.Clean(e.Message)}"));
        }
    }

    /// <summary>Parses JSON text; null and a problem when it is not JSON.</summary>
    public static (JsonDocument? Document, IResult? Problem) Parse(string text)
    {
        try
        {
            return (JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Malformed($"the body is not JSON: {Core.Serialization.ScriptText.Clean(e.Message)}"));
        }
    }
}

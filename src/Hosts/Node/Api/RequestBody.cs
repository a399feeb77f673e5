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
        if (request.ContentLength > maxBytes)
        {
            // The unread body cannot be drained within the limit, so the server closes the connection after answering:
            // say so, or a client reusing the connection would see its next request cut off.
            request.HttpContext.Response.Headers.Connection = "close";
            return (null, Problems.Of(NodeErrors.RequestTooLarge, 413, $"the body is {request.ContentLength} bytes; the node accepts at most {maxBytes}"));
        }
        try
        {
            byte[] bytes;
            if (request.ContentLength is { } length)
            {
                // The usual case: the client said how long the body is (within the limit, checked above), so it is read
                // straight into an array of that size: no growing buffer, no 8 KB chunk per request.
                bytes = new byte[length];
                int filled = 0, read;
                while (filled < bytes.Length && (read = await request.Body.ReadAsync(bytes.AsMemory(filled), request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
                    filled += read;
                if (filled < bytes.Length) bytes = bytes[..filled];
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
                bytes = buffer.ToArray();
            }
            try
            {
                return (StrictUtf8.GetString(bytes), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, Problems.Malformed("the body is not UTF-8 text"));
            }
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

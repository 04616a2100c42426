using Microsoft.AspNetCore.RequestDecompression;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>Request bodies sent with `Content-Encoding: gzip`, `br` or `deflate` are decoded as they are read (ASP.NET
/// Core's request decompression, which then removes the header) and held to the limits of a plain body: past
/// <see cref="ServeOptions.MaxBodyBytes"/> decoded, 413 (so a small body that inflates to gigabytes is refused once the
/// limit is read, never held in memory); and, since the Content-Length of the encoded bytes no longer says how large the
/// body is, the length is removed so the admission counts the body as one of unknown length (the decoded bytes, as they
/// are read). Bytes that
/// do not decode are 400 naming the encoding, whichever endpoint reads them. Another encoding is left as it came, for the
/// body reader to refuse (415 naming it).</summary>
internal static class DecodedBodies
{
    public static IServiceCollection AddDecodedBodies(this IServiceCollection services) => services.AddRequestDecompression(options =>
    {
        foreach (var (encoding, decoder) in options.DecompressionProviders.ToList())
        {
            options.DecompressionProviders[encoding] = new Refusing(encoding, decoder);
        }
    });

    public static IApplicationBuilder UseDecodedBodies(this IApplicationBuilder app)
    {
        var decoders = app.ApplicationServices.GetRequiredService<IOptions<RequestDecompressionOptions>>().Value.DecompressionProviders;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContentEncoding is [{ } encoding] && decoders.ContainsKey(encoding))
            {
                context.Request.ContentLength = null;
            }

            return next(context);
        });
        return app.UseRequestDecompression();
    }

    /// <summary>A decoder whose invalid data (the decoders throw InvalidDataException or, for brotli, InvalidOperationException)
    /// is a bad request naming the encoding.</summary>
    private sealed class Refusing(string encoding, IDecompressionProvider decoder) : IDecompressionProvider
    {
        public Stream GetDecompressionStream(Stream stream) => new DecodingStream(decoder.GetDecompressionStream(stream), encoding);
    }

    private sealed class DecodingStream(Stream decoded, string encoding) : ReadOnlyBodyStream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return decoded.Read(buffer, offset, count);
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
                throw Refused(e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await decoded.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
                throw Refused(e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                decoded.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await decoded.DisposeAsync();
            await base.DisposeAsync();
        }

        private BadHttpRequestException Refused(Exception e) =>
            new($"the body is not valid {encoding}: {e.Message}", StatusCodes.Status400BadRequest, e);
    }
}

using System.Net;
using System.Net.Http.Headers;

namespace Ferry.Server.Tests.Models;

/// <summary>A JSON body with a Content-Length whose first half is sent at once and the rest once the release task completes.</summary>
internal sealed class HeldContent : HttpContent
{
    private readonly byte[] _body;
    private readonly Task _release;

    public HeldContent(byte[] body, Task release)
    {
        _body = body;
        _release = release;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2));
        await stream.FlushAsync();
        await _release;
        await stream.WriteAsync(_body.AsMemory(_body.Length / 2));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}

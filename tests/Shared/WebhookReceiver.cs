using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ferry.Testing;

/// <summary>A real HTTP server on 127.0.0.1 (port 0) that keeps every JSON body POSTed to /alerts and answers it with
/// the status it was started with (200 unless told).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonElement> Received { get; } = new();

    public Uri Url => new(_app.Urls.First() + "/alerts");

    public static async Task<WebhookReceiver> StartAsync(int status = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            receiver.Received.Enqueue((await JsonDocument.ParseAsync(request.Body)).RootElement.Clone());
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

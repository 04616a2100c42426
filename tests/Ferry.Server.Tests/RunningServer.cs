using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests;

/// <summary>Trains a spec and runs the real server for it on 127.0.0.1, port 0, with a client pointed at it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First().Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)) };
    }

    public HttpClient Client { get; }

    public static async Task<RunningServer> TrainAndStartAsync(string specPath, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(specPath), null, CancellationToken.None);
        return await StartAsync(specPath, settings, services);
    }

    /// <summary>Starts a server for a spec whose store already has a champion; <paramref name="services"/> registers more
    /// (a faulty service, a log capture); <paramref name="urls"/> is where it listens (the client always talks to
    /// 127.0.0.1, even when it listens on every address); <paramref name="logLevel"/> is the least level logged.</summary>
    public static async Task<RunningServer> StartAsync(string specPath, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null,
        string urls = "http://127.0.0.1:0", LogLevel logLevel = LogLevel.Warning)
    {
        var app = FerryServerApp.Build(specPath, urls, logLevel, settings, services);
        await app.StartAsync();
        return new RunningServer(app);
    }

    /// <summary>Has the server judge <paramref name="model"/> now (the admin verb; reads never judge) and returns the report.</summary>
    public async Task<JsonElement> JudgeAsync(string model, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}/monitoring/judge");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>/health once <paramref name="done"/> holds (the server notes a request's start and end, and the store's
    /// last read and write, on its own threads), or the last answer after 10 s.</summary>
    public async Task<JsonElement> HealthWhenAsync(Func<JsonElement, bool> done)
    {
        var health = await Client.GetFromJsonAsync<JsonElement>("/health");
        for (var attempt = 0; attempt < 200 && !done(health); attempt++)
        {
            await Task.Delay(50);
            health = await Client.GetFromJsonAsync<JsonElement>("/health");
        }

        return health;
    }

    /// <summary>The version /health/ready says is served, once it is <paramref name="expected"/> (servers follow the
    /// registry's aliases on their own timer), or the last answer after 5 s.</summary>
    public async Task<int> ServedVersionAsync(int expected)
    {
        var version = 0;
        for (var attempt = 0; attempt < 50 && version != expected; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 100);
            version = (await Client.GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("version").GetInt32();
        }

        return version;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

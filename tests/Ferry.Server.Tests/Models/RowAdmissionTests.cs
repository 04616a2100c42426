using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests.Models;

/// <summary>Admission by work in flight over real HTTP: a request held in flight (its body still arriving, or its answer
/// not yet read) fills a small budget; requests beyond it are refused at once with 503 problem+json and Retry-After;
/// the budget comes back when the held request ends, however it ends.</summary>
public sealed class RowAdmissionTests(TrainedIrisFixture iris) : IClassFixture<TrainedIrisFixture>
{
    private const string Row = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";
    private static readonly byte[] s_heldBody = Encoding.UTF8.GetBytes($"{{\"rows\": [{string.Join(", ", Enumerable.Repeat(Row, 20))}]}}");

    [Fact]
    public async Task Predict_BodyBeyondTheBytesInFlight_Is503WithRetryAfterUntilTheHeldRequestEnds()
    {
        await using var server = await iris.StartAsync(new Dictionary<string, string> { ["MaxBytesInFlight"] = $"{s_heldBody.Length}" });
        var release = new TaskCompletionSource();
        var held = server.Client.PostAsync("/v1/models/iris/predict", new HeldContent(s_heldBody, release.Task));
        await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() == s_heldBody.Length);

        using var refused = await PostAsync(server.Client, Row);
        release.SetResult();
        using var answered = await held;
        await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() == 0);
        using var later = await PostAsync(server.Client, Row);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{s_heldBody.Length} bytes are in flight", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    /// <summary>A gzip body has no decoded length up front: it is admitted as it decodes, so one held half-sent costs the
    /// bytes it has decoded so far, not the 8 MB body limit, and a plain request beside it fits a 64 KB budget.</summary>
    [Fact]
    public async Task Predict_HeldGzipBody_CostsWhatItHasDecodedSoFar()
    {
        await using var server = await iris.StartAsync(new Dictionary<string, string> { ["MaxBytesInFlight"] = $"{64 * 1024}" });
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.NoCompression, leaveOpen: true))
        {
            gzip.Write(s_heldBody);
        }

        var release = new TaskCompletionSource();
        var content = new HeldContent(compressed.ToArray(), release.Task);
        content.Headers.ContentEncoding.Add("gzip");
        var held = server.Client.PostAsync("/v1/models/iris/predict", content);
        var during = await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() > 0);

        using var beside = await PostAsync(server.Client, Row);
        release.SetResult();
        using var answered = await held;
        await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() == 0);

        Assert.InRange(during.GetProperty("admission").GetProperty("bytesInFlight").GetInt64(), 1, s_heldBody.Length);
        Assert.Equal(HttpStatusCode.OK, beside.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task Predict_HeldRequestCancelledByTheClient_GivesItsBytesBack()
    {
        await using var server = await iris.StartAsync(new Dictionary<string, string> { ["MaxBytesInFlight"] = $"{s_heldBody.Length}" });
        using var cancel = new CancellationTokenSource();
        var held = server.Client.PostAsync("/v1/models/iris/predict", new HeldContent(s_heldBody, Task.Delay(Timeout.Infinite, cancel.Token)), cancel.Token);
        await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() == s_heldBody.Length);
        using var refused = await PostAsync(server.Client, Row);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        var health = await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() == 0);
        using var later = await PostAsync(server.Client, Row);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(0, health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    /// <summary>The held request's answer (its rows each name a 4 MB unknown field, which the answer lists) is not read by
    /// a client with a small receive window, so the server cannot finish writing it and its rows stay in flight.</summary>
    [Fact]
    public async Task Predict_RowsBeyondTheRowsInFlight_Is503WithRetryAfterUntilTheHeldRequestEnds()
    {
        await using var server = await iris.StartAsync(new Dictionary<string, string> { ["MaxRowsInFlight"] = "4", ["MaxBodyBytes"] = $"{64 * 1024 * 1024}" });
        using var slowReader = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallWindowAsync }) { BaseAddress = server.Client.BaseAddress };
        using var held = await HoldFourRowsAsync(slowReader);
        var during = await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("rowsInFlight").GetInt64() == 4);

        using var refused = await PostAsync(server.Client, Row);
        var heldAnswer = await held.Content.ReadFromJsonAsync<JsonElement>();
        await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("rowsInFlight").GetInt64() == 0);
        using var later = await PostAsync(server.Client, $"{{\"rows\": [{Row}, {Row}, {Row}, {Row}]}}");

        Assert.Equal(4, during.GetProperty("admission").GetProperty("rowsInFlight").GetInt64());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("4 rows are in flight", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.ConnectionClose);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(4, heldAnswer.GetProperty("predictions").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Predict_RowsThatDoNotFitBesideAHeldRequest_Are503AfterParsingWhileFewerFit()
    {
        await using var server = await iris.StartAsync(new Dictionary<string, string> { ["MaxRowsInFlight"] = "6", ["MaxBodyBytes"] = $"{64 * 1024 * 1024}" });
        using var slowReader = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallWindowAsync }) { BaseAddress = server.Client.BaseAddress };
        using var held = await HoldFourRowsAsync(slowReader);
        await server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("rowsInFlight").GetInt64() == 4);

        using var tooMany = await PostAsync(server.Client, $"{{\"rows\": [{Row}, {Row}, {Row}]}}");
        using var fitting = await PostAsync(server.Client, $"{{\"rows\": [{Row}, {Row}]}}");
        await held.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, tooMany.StatusCode);
        Assert.Contains("4 rows are in flight and this request brings 3", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fitting.StatusCode);
    }

    /// <summary>Sends four rows whose answer <paramref name="slowReader"/> does not read: each names a 4 MB unknown field,
    /// which the answer lists, so the server cannot finish writing it and the rows stay in flight.</summary>
    private static async Task<HttpResponseMessage> HoldFourRowsAsync(HttpClient slowReader)
    {
        var rows = Enumerable.Range(0, 4).Select(i => Row.Replace("}", $", \"{new string('u', 4 * 1024 * 1024)}{i}\": 1}}", StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/predict") { Content = new StringContent($"{{\"rows\": [{string.Join(", ", rows)}]}}", Encoding.UTF8, "application/json") };
        return await slowReader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        await client.PostAsync("/v1/models/iris/predict", new StringContent(json, Encoding.UTF8, "application/json"));


    /// <summary>A connection whose receive buffer is fixed small, so the server's writes stall once a few KB are unread.</summary>
    private static async ValueTask<Stream> ConnectWithSmallWindowAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}

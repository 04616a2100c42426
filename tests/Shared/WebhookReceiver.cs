using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ferry.Testing;

/// <summary>A plain HTTP receiver on 127.0.0.1 (port 0 unless told), as small services and Python's http.server are: it
/// reads the headers, then exactly Content-Length bytes of body, and answers each POST with the next of
/// <see cref="Answers"/> or else <see cref="Status"/> (200 unless told), closing the connection. A request without a
/// Content-Length (a chunked body) is answered 411 and recorded as a fault: reading <see cref="Received"/> or
/// <see cref="Accepted"/> then fails the test. After <see cref="Hold"/> it reads each request but answers none until
/// <see cref="Release"/> (a receiver that accepts and does not answer).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private readonly ConcurrentQueue<JsonElement> _accepted = new();
    private readonly ConcurrentQueue<string> _faults = new();
    private readonly Task _serving;
    private volatile TaskCompletionSource? _held;

    private WebhookReceiver(TcpListener listener, int status)
    {
        _listener = listener;
        Status = status;
        _serving = ServeAsync();
    }

    /// <summary>Every body POSTed, whatever it was answered.</summary>
    public ConcurrentQueue<JsonElement> Received => Checked(_received);

    /// <summary>Waits, at most 10 s, until <paramref name="count"/> bodies were POSTed (a server sends them from its
    /// delivery loop, after the judgement that made them answered), then returns them all.</summary>
    public async Task<JsonElement[]> ReceivedAsync(int count)
    {
        for (var attempt = 0; attempt < 100 && Received.Count < count; attempt++)
        {
            await Task.Delay(100);
        }

        return [.. Received];
    }

    /// <summary>The bodies answered 2xx (as the answer is written, not while it is held): those delivered.</summary>
    public ConcurrentQueue<JsonElement> Accepted => Checked(_accepted);

    /// <summary>The headers of every request, names lower-cased.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Headers { get; } = new();

    /// <summary>Statuses answered first, one per request, before <see cref="Status"/>.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    public int Status { get; set; }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/alerts");

    public static Task<WebhookReceiver> StartAsync(int status = 200, int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return Task.FromResult(new WebhookReceiver(listener, status));
    }

    /// <summary>A loopback URL where nothing listens (a receiver that is down), and its port to start one on later.</summary>
    public static (Uri Url, int Port) Closed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return (new Uri($"http://127.0.0.1:{port}/alerts"), port);
    }

    /// <summary>Answers nothing from now on (requests are still read) until <see cref="Release"/>.</summary>
    public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers what was held, and every request after it at once.</summary>
    public void Release()
    {
        _held?.TrySetResult();
        _held = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while waiting for a connection.
        }

        _stop.Dispose();
    }

    private ConcurrentQueue<JsonElement> Checked(ConcurrentQueue<JsonElement> queue) =>
        _faults.IsEmpty ? queue : throw new InvalidOperationException("the webhook receiver got a bad request: " + string.Join("; ", _faults));

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var (status, json) = await ReadAsync(stream);
            if (_held is { } held)
            {
                await held.Task.WaitAsync(_stop.Token);
            }

            if (json is { } delivered && status is >= 200 and < 300)
            {
                _accepted.Enqueue(delivered);
            }

            await AnswerAsync(stream, status);
        }
    }

    /// <summary>Reads one request; returns the status to answer and the body, when it was JSON.</summary>
    private async Task<(int Status, JsonElement? Json)> ReadAsync(NetworkStream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                _faults.Enqueue("the connection closed before the headers ended");
                return (400, null);
            }

            head.Add(one[0]);
        }

        var headers = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(':', 2)).ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim());
        Headers.Enqueue(headers);
        if (!headers.TryGetValue("content-length", out var length) || !int.TryParse(length, out var bytes))
        {
            _faults.Enqueue($"no Content-Length (Transfer-Encoding: {headers.GetValueOrDefault("transfer-encoding", "none")})");
            return (411, null);
        }

        var body = new byte[bytes];
        await stream.ReadExactlyAsync(body, timeout.Token);
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException e)
        {
            _faults.Enqueue($"the {bytes} bytes of body are not JSON: {e.Message}");
            return (400, null);
        }

        _received.Enqueue(json);
        return (Answers.TryDequeue(out var next) ? next : Status, json);
    }

    private async Task AnswerAsync(NetworkStream stream, int status)
    {
        var answer = $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
    }
}

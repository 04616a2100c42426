using System.Text;

namespace Ferry.Core.Monitoring;

/// <summary>POSTs one JSON body to a webhook: serialized bytes with a Content-Length (never chunked, so a receiver that
/// reads exactly Content-Length bytes gets all of it), a `Ferry/VERSION` User-Agent, and a timeout per attempt. A network
/// error, a timeout, a 5xx or a 429 is tried again after a delay that doubles up to a cap (on <see cref="TimeProvider"/>);
/// any other answer is final.</summary>
internal sealed class WebhookSender(HttpClient http, TimeProvider time)
{
    /// <summary>Attempts of a body sent as its event happens.</summary>
    public const int Attempts = 4;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_longestDelay = TimeSpan.FromSeconds(8);

    public static string UserAgent { get; } =
        $"Ferry/{FerryVersion.Text}";

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1: 0.5 s, 1 s, 2 s, ... at most 8 s.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromTicks(Math.Min(s_longestDelay.Ticks, s_firstDelay.Ticks << Math.Min(attempt - 1, 16)));

    public async Task<WebhookResult> SendAsync(Uri url, string body, int attempts, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var attempt = 1; ; attempt++)
        {
            var result = await PostAsync(url, bytes, cancellationToken) with { Attempts = attempt };
            if (result.Delivered || !result.Retryable || attempt >= attempts)
            {
                return result;
            }

            await Task.Delay(Backoff(attempt), time, cancellationToken);
        }
    }

    private async Task<WebhookResult> PostAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            using var response = await http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? WebhookResult.Success
                : new WebhookResult(false, status is 429 or >= 500, $"answered {status}", status);
        }
        catch (HttpRequestException e)
        {
            return new WebhookResult(false, true, e.Message, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResult(false, true, $"no answer within {s_timeout.TotalSeconds:0} s", null);
        }
    }
}

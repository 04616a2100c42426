using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;

namespace Ferry.Cli.Commands;

/// <summary>Sends ground truth to a running `ferry serve` (`ferry feedback --url`) in requests of at most
/// <see cref="BatchRows"/> items, each one transaction on the server, with the key of FERRY_FEEDBACK_KEY (the admin key of
/// FERRY_ADMIN_KEY when replacing labels, or when there is no feedback key). Stops at the first request refused.</summary>
internal static class FeedbackClient
{
    public const int BatchRows = 10_000;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static async Task<FeedbackOutcome> SendAsync(
        CliContext context, Uri server, string model, string path, IReadOnlyList<(string Id, string Actual)> items, bool replace, CancellationToken cancellationToken)
    {
        var key = replace ? context.Variable("FERRY_ADMIN_KEY") : context.Variable("FERRY_FEEDBACK_KEY") ?? context.Variable("FERRY_ADMIN_KEY");
        var url = new Uri(server, $"v1/models/{Uri.EscapeDataString(model)}/feedback");
        using var client = new HttpClient();
        var total = new FeedbackOutcome(0, 0, 0, [], []);
        for (var start = 0; start < items.Count; start += BatchRows)
        {
            var batch = items.Skip(start).Take(BatchRows).ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(new { items = batch.Select(item => new { id = item.Id, actual = item.Actual }) }),
            };
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await Send(client, request, url, cancellationToken);
            var outcome = await Outcome(response, url, path, items, start, batch, replace, cancellationToken);
            total = new FeedbackOutcome(total.Accepted + outcome.Accepted, total.Unchanged + outcome.Unchanged, total.Replaced + outcome.Replaced,
                [.. total.UnknownIds, .. outcome.UnknownIds], []);
        }

        return total;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpRequestMessage request, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new FerryException($"cannot reach {url}: {e.Message}");
        }
    }

    private static async Task<FeedbackOutcome> Outcome(HttpResponseMessage response, Uri url, string path, IReadOnlyList<(string Id, string Actual)> items,
        int start, IReadOnlyList<(string Id, string Actual)> batch, bool replace, CancellationToken cancellationToken)
    {
        var recordedBefore = start > 0 ? $" ({start} row(s) before it were recorded)" : "";
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                return await response.Content.ReadFromJsonAsync<FeedbackOutcome>(s_json, cancellationToken)
                    ?? throw new FerryException($"{url} answered 200 without a feedback outcome");
            case HttpStatusCode.NotFound when await Problem(response, cancellationToken) is { } problem && problem.TryGetProperty("unknownIds", out _):
                return new FeedbackOutcome(0, 0, 0, [.. batch.Select(item => item.Id)], []);
            case HttpStatusCode.Conflict when await Problem(response, cancellationToken) is { } problem && problem.TryGetProperty("conflicts", out var conflicts):
                var refusal = FeedbackFile.Refusal(path, items, conflicts.Deserialize<FeedbackConflict[]>(s_json) ?? []);
                throw new FerryException(refusal.Message + recordedBefore);
            case HttpStatusCode.Unauthorized:
                throw new FerryException($"{url} refused the key{recordedBefore}: set {(replace ? "FERRY_ADMIN_KEY (replacing labels needs the admin key)" : "FERRY_FEEDBACK_KEY (or FERRY_ADMIN_KEY)")} to the server's key");
            default:
                var detail = await Problem(response, cancellationToken) is { } other && other.TryGetProperty("detail", out var text) ? text.GetString() : response.ReasonPhrase;
                throw new FerryException($"{url} answered {(int)response.StatusCode}{recordedBefore}: {detail}");
        }
    }

    private static async Task<JsonElement?> Problem(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(s_json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>`POST /v1/models/{name}/feedback`: <c>{"id": "...", "actual": ...}</c> or <c>{"items": [...]}</c>. With a feedback
/// key set it needs that key or the admin key (<see cref="BearerKeys"/>). Ground truth is committed durably before the
/// answer. A label is final: the same label again is accepted (counted in `unchanged`), a different one is a conflict, and
/// a request with any conflict is refused whole (409 naming each id and its recorded label, nothing written) unless it
/// carries the admin key, which replaces the labels. When some ids match no logged prediction nothing is written yet: the
/// whole request is tried once more after 150 ms (another server's log may not be written yet), in one transaction, and
/// the ids still unknown are listed in the answer (404 when none matched).</summary>
public static class FeedbackApi
{
    /// <summary>How long unknown ids wait for one more try: a prediction another server made (a shared store) reaches
    /// the store when that server writes its log, within its linger; three lingers leave room for the write.</summary>
    private static readonly TimeSpan s_otherServersLinger = PredictionLog.Linger * 3;

    /// <summary>The longest id an item may carry: a prediction's id is 32 characters, so a longer one can match none, and
    /// is refused before it reaches the store or is echoed back.</summary>
    private const int MaxIdLength = 128;

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/models/{name}").WithTags("Feedback").RequireKey(BearerKeyRequirement.Feedback);
        api.MapPost("/feedback", FeedbackAsync).WithName("Feedback").ProducesValidationProblem();
        return app;
    }

    private static async Task<Results<Ok<FeedbackOutcome>, ProblemHttpResult>> FeedbackAsync(
        string name, HttpRequest request, [AsParameters] FeedbackServices services, CancellationToken cancellationToken)
    {
        var model = PredictionFlow.Model(services.Hosts, name, request);
        var parsed = await ItemsAsync(model.Manifest, services.Admission, request, cancellationToken);
        await services.Log.FlushAsync(cancellationToken);
        var replace = BearerKeys.Carries(request, services.Options.Value.AdminKey);
        var outcome = services.Store.AddFeedback(model.Manifest.Name, parsed, services.Time.GetUtcNow(), replace, onlyIfAllKnown: true);
        if (outcome.UnknownIds.Count > 0 && outcome.Conflicts.Count == 0)
        {
            await Task.Delay(s_otherServersLinger, services.Time, cancellationToken);
            outcome = services.Store.AddFeedback(model.Manifest.Name, parsed, services.Time.GetUtcNow(), replace);
        }

        if (outcome.Conflicts.Count > 0)
        {
            return Conflict(outcome.Conflicts);
        }

        return outcome.Accepted == 0 ? Unknown(name, outcome.UnknownIds) : TypedResults.Ok(outcome);
    }

    /// <summary>404 naming the ids that match no logged prediction, in `detail` and (all of them) in `unknownIds`, as a
    /// 200 answer lists them, so a client tells them from an unknown model by the field, not by the title.</summary>
    private static ProblemHttpResult Unknown(string name, IReadOnlyList<string> ids) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown prediction ids.",
            detail: $"no logged prediction of '{name}' has the id(s) {string.Join(", ", ids.Take(10))}",
            extensions: new Dictionary<string, object?> { ["unknownIds"] = ids });

    /// <summary>The id and canonical actual of the body's one item, or of each of its `items`; refused with every bad field.</summary>
    private static async Task<List<(string Id, string Actual)>> ItemsAsync(
        Core.Bundles.ModelManifest manifest, RowAdmission admission, HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await PredictionFlow.BodyAsync(admission, request, cancellationToken);
        var root = document.RootElement;
        var many = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out _);
        if (many && root.GetProperty("items").ValueKind != JsonValueKind.Array)
        {
            throw RequestRefusedException.Field("items", "'items' must be an array of {\"id\", \"actual\"} objects");
        }

        JsonElement[] items = many ? [.. root.GetProperty("items").EnumerateArray()] : [root];
        if (items.Length == 0)
        {
            throw RequestRefusedException.Field("items", "there are no items: send at least one");
        }

        var errors = new Dictionary<string, string[]>();
        var parsed = new List<(string Id, string Actual)>();
        for (var i = 0; i < items.Length; i++)
        {
            if (Read(items[i], manifest, many ? $"items[{i}]." : "", errors) is { } item)
            {
                parsed.Add(item);
            }
        }

        return errors.Count > 0 ? throw RequestRefusedException.Fields(errors) : parsed;
    }

    /// <summary>409 naming each conflicting id with the label recorded for it; nothing of the request was written.</summary>
    private static ProblemHttpResult Conflict(IReadOnlyList<FeedbackConflict> conflicts)
    {
        var named = string.Join("; ", conflicts.Take(10).Select(c => $"'{c.Id}' is already labelled '{c.Recorded}', not '{c.Sent}'"));
        var more = conflicts.Count > 10 ? $" (and {conflicts.Count - 10} more)" : "";
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A label is final.",
            detail: $"{named}{more}: nothing of this request was written (only the admin key replaces a recorded label)",
            extensions: new Dictionary<string, object?> { ["conflicts"] = conflicts });
    }

    private static (string, string)? Read(JsonElement item, Core.Bundles.ModelManifest manifest, string prefix, Dictionary<string, string[]> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors[prefix.Length > 0 ? prefix.TrimEnd('.') : "body"] = ["expected an object with 'id' and 'actual'"];
            return null;
        }

        if (!item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
        {
            errors[prefix + "id"] = ["'id' must be the id string a prediction answered with"];
            return null;
        }

        if (id.GetString()!.Length > MaxIdLength)
        {
            errors[prefix + "id"] = [$"'id' is {id.GetString()!.Length} characters long, but a prediction id is at most {MaxIdLength}: {JsonRowReader.Shorten(id.GetString()!)}"];
            return null;
        }

        if (!item.TryGetProperty("actual", out var actual) || actual.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
        {
            errors[prefix + "actual"] = ["'actual' must be the true label or value"];
            return null;
        }

        var text = actual.ValueKind == JsonValueKind.String ? actual.GetString()! : actual.GetRawText();
        if (ActualValue.Problem(manifest, text, "this model") is { } problem)
        {
            errors[prefix + "actual"] = [$"'{JsonRowReader.Shorten(text)}' is {problem}"];
            return null;
        }

        return (id.GetString()!, ActualValue.Canonical(manifest, text));
    }
}

using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>`POST /v1/models/{name}/predict`: one row object, or <c>{"rows": [...]}</c>.</summary>
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/models/{name}").WithTags("Predict").CountsFailures();
        api.MapPost("/predict", PredictAsync).WithName("Predict").ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<PredictionResponse>> PredictAsync(
        string name, HttpRequest request, [AsParameters] PredictionServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PredictionFlow.AnswerAsync(services, name, request, Rows, Response, cancellationToken));

    private static RequestRows Rows(JsonElement root, ModelManifest manifest)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw RequestRefusedException.Field("body", $"expected a JSON object of fields, or {{\"rows\": [...]}}; found {JsonRowReader.Describe(root.ValueKind)}");
        }

        if (!root.TryGetProperty("rows", out var rows))
        {
            return RequestRows.One(root);
        }

        return rows.ValueKind == JsonValueKind.Array ? RequestRows.Objects(rows, "rows") : throw RequestRefusedException.Field("rows", "'rows' must be an array of row objects");
    }

    private static PredictionResponse Response(JsonElement root, LoadedModel model, PredictionResult[] predictions)
    {
        IEnumerable<JsonElement> objects = root.TryGetProperty("rows", out var rows) ? rows.EnumerateArray() : [root];
        return new PredictionResponse(model.Manifest.Name, model.Manifest.Version,
            [.. predictions.Zip(objects, (prediction, row) => ToItem(prediction, Ignored(row, model)))]);
    }

    private static PredictionItem ToItem(PredictionResult result, IReadOnlyList<string> ignored) =>
        new(result.Id, result.Label, result.Probabilities, result.Value, result.Filled, result.Unseen, result.Explanation, ignored);

    private static string[] Ignored(JsonElement row, LoadedModel model) =>
        [.. row.EnumerateObject().Select(p => p.Name).Where(name => !model.Manifest.Inputs.Any(input => input.Name == name))];
}

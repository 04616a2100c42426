using System.Text.Json;
using Ferry.Core.Prediction;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>`POST /v1/models/{name}/predict`: one row object, or <c>{"rows": [...]}</c>.</summary>
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/models/{name}/predict", PredictAsync).WithName("Predict").CountsFailures();
        return app;
    }

    private static async Task<Results<Ok<PredictionResponse>, ValidationProblem, ProblemHttpResult>> PredictAsync(
        string name, HttpRequest request, ModelHosts hosts, IOptions<ServeOptions> options, ServerMetrics metrics, PredictionRecorder recorder, CancellationToken cancellationToken)
    {
        var (model, document, problem) = await RowPredictions.ReadAsync(name, request, hosts, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            var errors = new Dictionary<string, string[]>();
            var many = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rows", out _);
            var rows = !many ? One(root, errors)
                : root.GetProperty("rows") is { ValueKind: JsonValueKind.Array } array ? RequestRows.Objects(array, "rows", errors)
                : RequestRows.Refuse(errors, "rows", "'rows' must be an array of row objects");
            if (rows is null)
            {
                return ProblemResults.Invalid(errors);
            }

            IEnumerable<JsonElement> objects = many ? root.GetProperty("rows").EnumerateArray() : [root];
            return RowPredictions.Predict(model!, rows, options, metrics, recorder, predictions => new PredictionResponse(model!.Manifest.Name, model.Manifest.Version,
                [.. predictions.Zip(objects, (prediction, row) => ToItem(prediction, Ignored(row, model)))]));
        }
    }

    private static RequestRows? One(JsonElement root, Dictionary<string, string[]> errors) => root.ValueKind == JsonValueKind.Object
        ? RequestRows.One(root)
        : RequestRows.Refuse(errors, "body", $"expected a JSON object of fields, or {{\"rows\": [...]}}; found {JsonRowReader.Describe(root.ValueKind)}");

    private static PredictionItem ToItem(PredictionResult result, IReadOnlyList<string> ignored) =>
        new(result.Id, result.Label, result.Probabilities, result.Value, result.Filled, result.Unseen, result.Explanation, ignored);

    private static string[] Ignored(JsonElement row, LoadedModel model) =>
        [.. row.EnumerateObject().Select(p => p.Name).Where(name => !model.Manifest.Inputs.Any(input => input.Name == name))];
}

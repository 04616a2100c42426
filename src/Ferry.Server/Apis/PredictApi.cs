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
        app.MapPost("/v1/models/{name}/predict", PredictAsync).WithName("Predict");
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
            var many = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rows", out _);
            if (many && root.GetProperty("rows").ValueKind != JsonValueKind.Array)
            {
                return ProblemResults.Invalid(new() { ["rows"] = ["'rows' must be an array of row objects"] });
            }

            JsonElement[] rows = many ? [.. root.GetProperty("rows").EnumerateArray()] : [root];
            var nonObject = Array.FindIndex(rows, row => row.ValueKind != JsonValueKind.Object);
            if (nonObject >= 0)
            {
                return ProblemResults.Invalid(new() { [many ? $"rows[{nonObject}]" : "body"] = [$"expected a JSON object of fields, found {rows[nonObject].ValueKind.ToString().ToLowerInvariant()}"] });
            }

            return RowPredictions.Predict(model!, [.. rows.Select(RowPredictions.Fields)], i => many ? $"rows[{i}]." : "", options, metrics, recorder)
                .Answer(predictions => new PredictionResponse(model!.Manifest.Name, model.Manifest.Version,
                    [.. predictions.Select((prediction, i) => ToItem(prediction, Ignored(rows[i], model)))]));
        }
    }

    private static PredictionItem ToItem(PredictionResult result, IReadOnlyList<string> ignored) =>
        new(result.Id, result.Label, result.Probabilities, result.Value, result.Filled, result.Unseen, result.Explanation, ignored);

    private static string[] Ignored(JsonElement row, LoadedModel model) =>
        [.. row.EnumerateObject().Select(p => p.Name).Where(name => !model.Manifest.Inputs.Any(input => input.Name == name))];
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ferry.Core.Prediction;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>Validates rows of any protocol against the model's schema and predicts them with a pooled predictor:
/// one row through its prediction engine, several through the model's batch path.</summary>
internal static class RowPredictions
{
    /// <param name="model">The model to predict with.</param>
    /// <param name="rows">Each row as a lookup of field name to JSON value (null: absent).</param>
    /// <param name="prefix">The error-key prefix of row i, such as "rows[3]." (empty for a lone row).</param>
    /// <param name="options">The server's limits.</param>
    /// <param name="metrics">Where predictions are counted and timed.</param>
    /// <param name="recorder">Where predictions and failed requests are logged for monitoring.</param>
    public static Results<Ok<PredictionResult[]>, ValidationProblem, ProblemHttpResult> Predict(
        LoadedModel model, IReadOnlyList<Func<string, JsonElement?>> rows, Func<int, string> prefix, IOptions<ServeOptions> options, ServerMetrics metrics,
        PredictionRecorder recorder)
    {
        if (recorder.Admission.AdmitRows(rows.Count) is { } busy)
        {
            return busy;
        }

        var result = Predict(model, rows, prefix, options, metrics);
        if (result.Result.Result is Ok<PredictionResult[]> ok)
        {
            recorder.Record(model, result.Rows!, ok.Value!, result.Elapsed);
        }
        else
        {
            recorder.Failed(model, (result.Result.Result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest);
        }

        return result.Result;
    }

    private static (Results<Ok<PredictionResult[]>, ValidationProblem, ProblemHttpResult> Result, InputRow[]? Rows, TimeSpan Elapsed) Predict(
        LoadedModel model, IReadOnlyList<Func<string, JsonElement?>> rows, Func<int, string> prefix, IOptions<ServeOptions> options, ServerMetrics metrics)
    {
        var clock = Stopwatch.StartNew();
        if (rows.Count == 0)
        {
            return (ProblemResults.Invalid(new() { ["rows"] = ["there are no rows: send at least one"] }), null, clock.Elapsed);
        }

        if (rows.Count > options.Value.MaxRows)
        {
            return (ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, "Too many rows.", $"{rows.Count} rows in one request; the limit is {options.Value.MaxRows}"), null, clock.Elapsed);
        }

        var inputs = model.Manifest.Inputs;
        var parsed = new InputRow[rows.Count];
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < rows.Count; i++)
        {
            parsed[i] = new InputRow(inputs.Count);
            JsonRowReader.Read(rows[i], inputs, parsed[i], prefix(i), errors);
        }

        if (errors.Count > 0)
        {
            return (ProblemResults.Invalid(errors), null, clock.Elapsed);
        }

        var results = model.Predict(parsed, model.Manifest.Constraints.ExplainTop);
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = results[i] with { Id = Guid.CreateVersion7().ToString("N") };
        }

        var labels = new[] { model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture) };
        metrics.Predictions.WithLabels(labels).Inc(results.Length);
        metrics.PredictionSeconds.WithLabels(labels).Observe(clock.Elapsed.TotalSeconds);
        return (TypedResults.Ok(results), parsed, clock.Elapsed);
    }

    /// <summary>The endpoint's answer: <paramref name="ok"/> of the predictions, or the validation or limit problem as it is.</summary>
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Answer<T>(
        this Results<Ok<PredictionResult[]>, ValidationProblem, ProblemHttpResult> result, Func<PredictionResult[], T> ok) => result.Result switch
        {
            Ok<PredictionResult[]> predictions => TypedResults.Ok(ok(predictions.Value!)),
            ValidationProblem invalid => invalid,
            var other => (ProblemHttpResult)other,
        };

    /// <summary>The model named in the route (without one: `?model=`, or the only one served) and the request's JSON
    /// body, or the problem (404, 415, 413, 400) to answer.</summary>
    public static async Task<(LoadedModel? Model, JsonDocument? Body, ProblemHttpResult? Problem)> ReadAsync(
        string? name, HttpRequest request, ModelHosts hosts, CancellationToken cancellationToken)
    {
        var chosen = name ?? request.Query["model"].FirstOrDefault();
        var model = (name is null ? hosts.Default(chosen) : hosts.Find(name))?.Current;
        if (model is null)
        {
            return (null, null, chosen is null ? ProblemResults.ModelNotNamed(hosts) : ProblemResults.UnknownModel(chosen, hosts));
        }

        if (request.HttpContext.RequestServices.GetRequiredService<RowAdmission>().AdmitBody() is { } busy)
        {
            return (model, null, busy);
        }

        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        return (model, document, problem);
    }

    public static Func<string, JsonElement?> Fields(JsonElement json) =>
        name => json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) ? value : null;
}

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
    /// <summary>How many errors a refused request lists at most (10,000 rows of 100 bad fields would answer a million).</summary>
    private const int MaxErrors = 100;

    /// <summary>Predicts <paramref name="rows"/> and answers with <paramref name="answer"/> of the predictions, or
    /// the validation or limit problem; the predictions are logged once the answer is built.</summary>
    /// <param name="model">The model to predict with.</param>
    /// <param name="rows">The request's rows, counted but not yet read.</param>
    /// <param name="options">The server's limits.</param>
    /// <param name="metrics">Where predictions are counted and timed.</param>
    /// <param name="recorder">Where predictions are logged for monitoring (failed requests are, by <see cref="FailedPredictions"/>).</param>
    /// <param name="answer">The endpoint's answer of the predictions.</param>
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Predict<T>(
        LoadedModel model, RequestRows rows, IOptions<ServeOptions> options, ServerMetrics metrics, PredictionRecorder recorder, Func<PredictionResult[], T> answer)
    {
        var result = Predict(model, rows, options, metrics, recorder.Admission);
        switch (result.Result.Result)
        {
            case Ok<PredictionResult[]> predictions:
                var body = answer(predictions.Value!);
                recorder.Record(model, result.Rows!, predictions.Value!, result.Elapsed);
                return TypedResults.Ok(body);
            case ValidationProblem invalid:
                return invalid;
            case var other:
                return (ProblemHttpResult)other;
        }
    }

    private static (Results<Ok<PredictionResult[]>, ValidationProblem, ProblemHttpResult> Result, InputRow[]? Rows, TimeSpan Elapsed) Predict(
        LoadedModel model, RequestRows rows, IOptions<ServeOptions> options, ServerMetrics metrics, RowAdmission admission)
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

        if (admission.AdmitRows(rows.Count) is { } busy)
        {
            return (busy, null, clock.Elapsed);
        }

        var inputs = model.Manifest.Inputs;
        var parsed = new InputRow[rows.Count];
        var errors = new Dictionary<string, string[]>();
        var i = 0;
        foreach (var row in rows.Rows)
        {
            parsed[i] = new InputRow(inputs.Count);
            JsonRowReader.Read(row, inputs, parsed[i], rows.Prefix(i), errors);
            if (errors.Count == 0 && FeatureRange.Overflowing(model.Bundle.Model.Featurizer, parsed[i]) is { } column)
            {
                errors[rows.Prefix(i) + column] = [$"field '{column}' {FeatureRange.Overflow}"];
            }

            i++;
            if (errors.Count >= MaxErrors && i < rows.Count)
            {
                errors["more"] = [$"the first {i} of {rows.Count} rows hold {errors.Count} errors; the rest are not checked"];
                break;
            }
        }

        if (errors.Count > 0)
        {
            return (ProblemResults.Invalid(errors), null, clock.Elapsed);
        }

        var results = model.Predict(parsed, model.Manifest.Constraints.ExplainTop);
        for (var r = 0; r < results.Length; r++)
        {
            if (!results[r].IsFinite)
            {
                errors[rows.Prefix(r) is { Length: > 0 } prefix ? prefix.TrimEnd('.') : "body"] = [PredictionResult.NotFinite];
            }

            results[r] = results[r] with { Id = Guid.CreateVersion7().ToString("N") };
        }

        if (errors.Count > 0)
        {
            return (ProblemResults.Invalid(errors), null, clock.Elapsed);
        }

        var labels = new[] { model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture) };
        metrics.Predictions.WithLabels(labels).Inc(results.Length);
        metrics.PredictionSeconds.WithLabels(labels).Observe(clock.Elapsed.TotalSeconds);
        return (TypedResults.Ok(results), parsed, clock.Elapsed);
    }

    /// <summary>The model named in the route (without one: `?model=`, or the only one served) and the request's JSON
    /// body, or the problem (404, 415, 400) to answer; a body past the size limit throws Kestrel's 413, answered by
    /// <see cref="ProblemExceptionHandler"/>.</summary>
    public static async Task<(LoadedModel? Model, JsonDocument? Body, ProblemHttpResult? Problem)> ReadAsync(
        string? name, HttpRequest request, ModelHosts hosts, CancellationToken cancellationToken)
    {
        var chosen = name ?? request.Query["model"].FirstOrDefault();
        var model = (name is null ? hosts.Default(chosen) : hosts.Find(name))?.Current;
        if (model is null)
        {
            return (null, null, chosen is null ? ProblemResults.ModelNotNamed(hosts) : ProblemResults.UnknownModel(chosen, hosts));
        }

        FailedPredictions.Serving(request.HttpContext, model);
        if (request.HttpContext.RequestServices.GetRequiredService<RowAdmission>().AdmitBody() is { } busy)
        {
            return (model, null, busy);
        }

        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        return (model, document, problem);
    }
}

using System.Text.Json;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>`POST /invocations`: MLflow's scoring protocol. The body is one of dataframe_split
/// (<c>{"columns": [...], "data": [[...]]}</c>), dataframe_records (<c>[{...}]</c>), instances (row objects, or
/// rows as arrays in the model's input order) or inputs (the same, or columns as <c>{"col": [values]}</c>);
/// the answer is <c>{"predictions": [...]}</c>: labels for classifiers, values for regression.</summary>
public static class MlflowApi
{
    private static readonly string[] s_formats = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    public static IEndpointRouteBuilder MapMlflowApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/invocations", InvokeAsync).WithName("MlflowInvocations");
        return app;
    }

    private static async Task<Results<Ok<MlflowResponse>, ValidationProblem, ProblemHttpResult>> InvokeAsync(
        HttpRequest request, ModelHosts hosts, IOptions<ServeOptions> options, ServerMetrics metrics, PredictionRecorder recorder, CancellationToken cancellationToken)
    {
        var (model, document, problem) = await RowPredictions.ReadAsync(null, request, hosts, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            var format = root.ValueKind == JsonValueKind.Object ? s_formats.FirstOrDefault(f => root.TryGetProperty(f, out _)) : null;
            if (format is null)
            {
                return ProblemResults.Invalid(new() { ["body"] = [$"expected an object with one of: {string.Join(", ", s_formats)}"] });
            }

            var rows = Rows(format, root.GetProperty(format), model!.Manifest.Inputs.Select(i => i.Name).ToArray(), out var error);
            if (rows is null)
            {
                return ProblemResults.Invalid(new() { [format] = [error!] });
            }

            return RowPredictions.Predict(model, rows, i => $"{format}[{i}].", options, metrics, recorder)
                .Answer(predictions => new MlflowResponse([.. predictions.Select(p => p.Label ?? (object)p.Value!)]));
        }
    }

    private static List<Func<string, JsonElement?>>? Rows(string format, JsonElement body, string[] inputs, out string? error)
    {
        error = null;
        switch (format)
        {
            case "dataframe_split" when body.ValueKind == JsonValueKind.Object
                && body.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
                && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array:
                var names = columns.EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
                return Positional(data, names, out error);
            case "dataframe_split":
                error = "dataframe_split must be {\"columns\": [names], \"data\": [[values], ...]}";
                return null;
            case "dataframe_records" when body.ValueKind == JsonValueKind.Array:
                return [.. body.EnumerateArray().Select(RowPredictions.Fields)];
            case "instances" or "inputs" when body.ValueKind == JsonValueKind.Array:
                return body.EnumerateArray().All(row => row.ValueKind == JsonValueKind.Array)
                    ? Positional(body, inputs, out error)
                    : [.. body.EnumerateArray().Select(RowPredictions.Fields)];
            case "inputs" when body.ValueKind == JsonValueKind.Object:
                return Columnar(body, out error);
            default:
                error = $"{format} must be a list of rows";
                return null;
        }
    }

    /// <summary>Rows given as arrays of values in the order of <paramref name="names"/>.</summary>
    private static List<Func<string, JsonElement?>>? Positional(JsonElement data, string[] names, out string? error)
    {
        error = null;
        var rows = new List<Func<string, JsonElement?>>();
        foreach (var (row, i) in data.EnumerateArray().Select((row, i) => (row, i)))
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != names.Length)
            {
                error = $"row {i} must be an array of {names.Length} values ({string.Join(", ", names)})";
                return null;
            }

            var values = row.EnumerateArray().ToArray();
            rows.Add(name => Array.IndexOf(names, name) is var at and >= 0 ? values[at] : null);
        }

        return rows;
    }

    /// <summary>Columns given as <c>{"name": [values]}</c>, all of one length.</summary>
    private static List<Func<string, JsonElement?>>? Columnar(JsonElement body, out string? error)
    {
        error = null;
        var columns = body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var lengths = columns.Values.Select(v => v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : -1).Distinct().ToArray();
        if (lengths.Length != 1 || lengths[0] < 0)
        {
            error = "inputs as columns must map each column name to an array, all of the same length";
            return null;
        }

        return [.. Enumerable.Range(0, lengths[0]).Select(i => (Func<string, JsonElement?>)(name => columns.TryGetValue(name, out var column) ? column[i] : null))];
    }
}

/// <summary>MLflow's scoring answer.</summary>
public sealed record MlflowResponse(IReadOnlyList<object> Predictions);

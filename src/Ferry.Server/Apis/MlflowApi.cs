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
        app.MapPost("/invocations", InvokeAsync).WithName("MlflowInvocations").CountsFailures();
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

            var errors = new Dictionary<string, string[]>();
            if (Rows(format, root.GetProperty(format), [.. model!.Manifest.Inputs.Select(i => i.Name)], errors) is not { } rows)
            {
                return ProblemResults.Invalid(errors);
            }

            return RowPredictions.Predict(model, rows, options, metrics, recorder, predictions => new MlflowResponse([.. predictions.Select(p => p.Label ?? (object)p.Value!)]));
        }
    }

    private static RequestRows? Rows(string format, JsonElement body, string[] inputs, Dictionary<string, string[]> errors)
    {
        switch (format)
        {
            case "dataframe_split" when body.ValueKind == JsonValueKind.Object
                && body.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
                && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array:
                return Names(columns, format, errors) is { } names ? Positional(data, names, format, errors) : null;
            case "dataframe_split":
                return RequestRows.Refuse(errors, format, "dataframe_split must be {\"columns\": [names], \"data\": [[values], ...]}");
            case "dataframe_records" when body.ValueKind == JsonValueKind.Array:
                return RequestRows.Objects(body, format, errors);
            case "instances" or "inputs" when body.ValueKind == JsonValueKind.Array:
                return body.EnumerateArray().All(row => row.ValueKind == JsonValueKind.Array)
                    ? Positional(body, inputs, format, errors)
                    : RequestRows.Objects(body, format, errors);
            case "inputs" when body.ValueKind == JsonValueKind.Object:
                return Columnar(body, format, errors);
            default:
                return RequestRows.Refuse(errors, format, $"{format} must be a list of rows");
        }
    }

    /// <summary>dataframe_split's column names: strings, each once.</summary>
    private static string[]? Names(JsonElement columns, string format, Dictionary<string, string[]> errors)
    {
        var names = new string[columns.GetArrayLength()];
        var i = 0;
        foreach (var column in columns.EnumerateArray())
        {
            if (column.ValueKind != JsonValueKind.String)
            {
                errors[$"{format}.columns[{i}]"] = [$"a column name must be a string, found {JsonRowReader.Describe(column.ValueKind)}"];
                return null;
            }

            names[i] = column.GetString()!;
            if (Array.IndexOf(names, names[i], 0, i) >= 0)
            {
                errors[$"{format}.columns[{i}]"] = [$"column '{names[i]}' is named twice"];
                return null;
            }

            i++;
        }

        return names;
    }

    /// <summary>Rows given as arrays of values in the order of <paramref name="names"/>.</summary>
    private static RequestRows? Positional(JsonElement data, string[] names, string format, Dictionary<string, string[]> errors)
    {
        var count = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != names.Length)
            {
                return RequestRows.Refuse(errors, format, $"row {count} must be an array of {names.Length} values ({string.Join(", ", names)})");
            }

            count++;
        }

        return new RequestRows(count, data.EnumerateArray().Select(row => (Func<string, JsonElement?>)(name => Array.IndexOf(names, name) is var at and >= 0 ? row[at] : null)),
            i => $"{format}[{i}].");
    }

    /// <summary>Columns given as <c>{"name": [values]}</c>, all of one length.</summary>
    private static RequestRows? Columnar(JsonElement body, string format, Dictionary<string, string[]> errors)
    {
        var lengths = body.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.GetArrayLength() : -1).Distinct().Take(2).ToArray();
        return lengths is [>= 0 and var count]
            ? new RequestRows(count, ColumnRows(body, count), i => $"{format}[{i}].")
            : RequestRows.Refuse(errors, format, "inputs as columns must map each column name to an array, all of the same length");
    }

    /// <summary>The rows of columns, read once the row count has been checked.</summary>
    private static IEnumerable<Func<string, JsonElement?>> ColumnRows(JsonElement body, int count)
    {
        var columns = body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().ToArray());
        for (var i = 0; i < count; i++)
        {
            var row = i;
            yield return name => columns.TryGetValue(name, out var column) ? column[row] : null;
        }
    }
}

/// <summary>MLflow's scoring answer.</summary>
public sealed record MlflowResponse(IReadOnlyList<object> Predictions);

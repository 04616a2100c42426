using System.Text.Json;
using Ferry.Core.Bundles;
using Microsoft.AspNetCore.Http.HttpResults;

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
        var api = app.MapGroup("/invocations").WithTags("MLflow").CountsFailures();
        api.MapPost("", InvokeAsync).WithName("MlflowInvocations").ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<MlflowResponse>> InvokeAsync(HttpRequest request, [AsParameters] PredictionServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PredictionFlow.AnswerAsync(services, null, request, Rows,
            (_, _, predictions) => new MlflowResponse([.. predictions.Select(p => p.Label ?? (object)p.Value!)]), cancellationToken));

    private static RequestRows Rows(JsonElement root, ModelManifest manifest)
    {
        var format = (root.ValueKind == JsonValueKind.Object ? s_formats.FirstOrDefault(f => root.TryGetProperty(f, out _)) : null)
            ?? throw RequestRefusedException.Field("body", $"expected an object with one of: {string.Join(", ", s_formats)}");
        var body = root.GetProperty(format);
        switch (format)
        {
            case "dataframe_split" when body.ValueKind == JsonValueKind.Object
                && body.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
                && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array:
                return Positional(data, Names(columns, format), format);
            case "dataframe_split":
                throw RequestRefusedException.Field(format, "dataframe_split must be {\"columns\": [names], \"data\": [[values], ...]}");
            case "dataframe_records" when body.ValueKind == JsonValueKind.Array:
                return RequestRows.Objects(body, format);
            case "instances" or "inputs" when body.ValueKind == JsonValueKind.Array:
                return body.EnumerateArray().All(row => row.ValueKind == JsonValueKind.Array)
                    ? Positional(body, [.. manifest.Inputs.Select(i => i.Name)], format)
                    : RequestRows.Objects(body, format);
            case "inputs" when body.ValueKind == JsonValueKind.Object:
                return Columnar(body, format);
            default:
                throw RequestRefusedException.Field(format, $"{format} must be a list of rows");
        }
    }

    /// <summary>dataframe_split's column names: strings, each once.</summary>
    private static string[] Names(JsonElement columns, string format)
    {
        var names = new string[columns.GetArrayLength()];
        var i = 0;
        foreach (var column in columns.EnumerateArray())
        {
            if (column.ValueKind != JsonValueKind.String)
            {
                throw RequestRefusedException.Field($"{format}.columns[{i}]", $"a column name must be a string, found {JsonRowReader.Describe(column.ValueKind)}");
            }

            names[i] = column.GetString()!;
            if (Array.IndexOf(names, names[i], 0, i) >= 0)
            {
                throw RequestRefusedException.Field($"{format}.columns[{i}]", $"column '{names[i]}' is named twice");
            }

            i++;
        }

        return names;
    }

    /// <summary>Rows given as arrays of values in the order of <paramref name="names"/>.</summary>
    private static RequestRows Positional(JsonElement data, string[] names, string format)
    {
        var count = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != names.Length)
            {
                throw RequestRefusedException.Field(format, $"row {count} must be an array of {names.Length} values ({string.Join(", ", names)})");
            }

            count++;
        }

        return new RequestRows(count, data.EnumerateArray().Select(row => (Func<string, JsonElement?>)(name => Array.IndexOf(names, name) is var at and >= 0 ? row[at] : null)),
            i => $"{format}[{i}].");
    }

    /// <summary>Columns given as <c>{"name": [values]}</c>, all of one length.</summary>
    private static RequestRows Columnar(JsonElement body, string format)
    {
        var lengths = body.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.GetArrayLength() : -1).Distinct().Take(2).ToArray();
        return lengths is [>= 0 and var count]
            ? new RequestRows(count, ColumnRows(body, count), i => $"{format}[{i}].")
            : throw RequestRefusedException.Field(format, "inputs as columns must map each column name to an array, all of the same length");
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

using System.Globalization;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>MLflow's scoring server (mlflow/pyfunc/scoring_server): `GET /ping` (200, as MLflow's client polls before
/// scoring), `GET /version` (Ferry's version), and `POST /invocations`. Its JSON body holds exactly one of dataframe_split
/// (<c>{"columns": [...], "data": [[...]]}</c>), dataframe_records (<c>[{...}]</c>), instances (row objects, or rows as
/// arrays in the model's input order) or inputs (the same, or columns as <c>{"col": [values]}</c>), and at most
/// <c>params</c>, of which Ferry's models take none; Python's bare NaN, Infinity and -Infinity are missing values
/// (<see cref="JsonBody.ReadsNonFiniteAsNull"/>). A text/csv or application/csv body is read by <see cref="MlflowCsv"/>.
/// The answer is <c>{"predictions": [...]}</c>: labels for classifiers (numbers when every class is one, as MLflow answers
/// a model trained on numeric labels), values for regression; every error is MLflow's <see cref="MlflowError"/>.</summary>
public static class MlflowApi
{
    private static readonly string[] s_formats = ["dataframe_split", "dataframe_records", "instances", "inputs"];
    private static readonly string[] s_contentTypes = ["application/json", "text/csv", "application/csv"];
    /// <summary>Ferry's version, as MLflow's /version and the Open Inference server metadata answer it.</summary>

    public static IEndpointRouteBuilder MapMlflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("MLflow");
        api.MapGet("/ping", () => Results.Text("\n", "application/json")).WithName("MlflowPing").Produces<string>(contentType: "application/json");
        api.MapGet("/version", () => Results.Text(FerryVersion.Text, "application/json")).WithName("MlflowVersion").Produces<string>(contentType: "application/json");
        api.MapPost("/invocations", InvokeAsync).WithName("MlflowInvocations").CountsFailures().AnswersMlflowErrors().ReadsNonFiniteAsNull();
        return app;
    }

    private static async Task<Ok<MlflowResponse>> InvokeAsync(HttpRequest request, [AsParameters] PredictionServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(ContentType(request) is { } csv
            ? await PredictionFlow.AnswerAsync(services, null, request, (body, token) => MlflowCsv.ReadAsync(body, csv, services.Options.Value.MaxRows, token), MlflowCsv.Rows,
                (_, model, predictions) => Answer(model, predictions), cancellationToken)
            : await PredictionFlow.AnswerAsync(services, null, request, Rows, (_, model, predictions) => Answer(model, predictions), cancellationToken));

    /// <summary>The CSV content type, or null for JSON; refused (415) like MLflow's: another type, or a parameter other than charset.</summary>
    private static Microsoft.Net.Http.Headers.MediaTypeHeaderValue? ContentType(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(s_contentTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new RequestRefusedException(RequestRefusal.Unsupported, "Unsupported content type.",
                $"/invocations reads {string.Join(", ", s_contentTypes)}, not '{request.ContentType ?? "(none)"}'");
        }

        if (type.Parameters.FirstOrDefault(p => !p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) is { } parameter)
        {
            throw new RequestRefusedException(RequestRefusal.Unsupported, "Unsupported content type.",
                $"unrecognized content type parameter '{parameter.Name}': only charset=utf-8 is read");
        }

        return type.MediaType.Value!.EndsWith("csv", StringComparison.OrdinalIgnoreCase) ? type : null;
    }

    private static MlflowResponse Answer(LoadedModel model, PredictionResult[] predictions)
    {
        var numeric = model.Manifest.Classes.Count > 0 && model.Manifest.Classes.All(c => Number(c) is not null);
        return new MlflowResponse([.. predictions.Select(p => p.Label is { } label ? numeric ? Number(label)! : label : (object)p.Value!)]);
    }

    /// <summary>The label as a number when it is one written as .NET writes that number ("1", "2.5"); "01" or "1.50" stay
    /// text, as no numeric label would be written that way.</summary>
    private static object? Number(string label) =>
        double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
        && value.ToString("R", CultureInfo.InvariantCulture) == label ? value : null;

    private static RequestRows Rows(JsonElement root, ModelManifest manifest)
    {
        string[] fields = root.ValueKind == JsonValueKind.Object ? [.. root.EnumerateObject().Select(p => p.Name)] : [];
        var formats = fields.Where(s_formats.Contains).ToArray();
        if (formats.Length != 1)
        {
            throw RequestRefusedException.Field("body", $"The input must be a JSON dictionary with exactly one of the input fields {string.Join(", ", s_formats)}; "
                + (root.ValueKind == JsonValueKind.Object ? $"received a dictionary with input fields: [{string.Join(", ", fields)}]" : $"received {JsonRowReader.Describe(root.ValueKind)}"));
        }

        if (fields.FirstOrDefault(f => f != formats[0] && f != "params") is { } unknown)
        {
            throw RequestRefusedException.Field(unknown, $"unknown field '{unknown}': the body holds one of {string.Join(", ", s_formats)}, and at most params");
        }

        Params(root);
        var format = formats[0];
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

    /// <summary>Refuses <c>params</c> other than none (absent, null or {}): Ferry's models take no inference-time
    /// parameters, and a param is never ignored. MLflow answers INVALID_PARAMETER_VALUE (<see cref="MlflowErrors.Code"/>).</summary>
    private static void Params(JsonElement root)
    {
        if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw RequestRefusedException.Field("params", $"params must be a dictionary, found {JsonRowReader.Describe(parameters.ValueKind)}");
        }

        var names = parameters.EnumerateObject().Select(p => p.Name).ToArray();
        if (names.Length > 0)
        {
            throw RequestRefusedException.Fields(names.Take(10).ToDictionary(name => $"params.{name}",
                name => new[] { $"unknown param '{name}': Ferry's models take no params (send none, or {{}})" }));
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
            ? RequestRows.Columns(body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().ToArray()), count, i => $"{format}[{i}].")
            : throw RequestRefusedException.Field(format, "inputs as columns must map each column name to an array, all of the same length");
    }
}

/// <summary>MLflow's scoring answer.</summary>
public sealed record MlflowResponse(IReadOnlyList<object> Predictions);

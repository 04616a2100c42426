using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Ferry.Server.Models;

namespace Ferry.Server.Apis;

/// <summary>The predict path of every protocol (predict, MLflow's /invocations, Open Inference's infer) as one flow, in
/// the order a request meets it: the model named, the request's first prediction id made and the answering model chosen
/// by it (the champion, or the canary for its share of the ids), the body admitted and parsed, the protocol's rows
/// counted, held to the row limit and admitted, read against the model's schema, predicted (one row through its
/// prediction engine, several through the model's batch path), the protocol's answer built, and the predictions logged
/// (with the other model's answers in shadow). Traced under the request's span as `ferry.parse` (body to rows read
/// against the schema), `ferry.featurize`, `ferry.predict` and `ferry.log`. Each step returns its value or throws the
/// <see cref="RequestRefusedException"/> that <see cref="RefusalFilter"/> answers; only the endpoint makes a result.</summary>
internal static class PredictionFlow
{
    /// <summary>How many errors a refused request lists at most (10,000 rows of 100 bad fields would answer a million).</summary>
    private const int MaxErrors = 100;

    /// <summary>The answer of the model named <paramref name="name"/> (null: `?model=`, or the only one served) to the
    /// request's rows.</summary>
    /// <param name="services">The models, admission, log and limits.</param>
    /// <param name="name">The model named in the route, or null.</param>
    /// <param name="request">The request, its body not yet read.</param>
    /// <param name="rowsOf">The protocol's rows of the body, counted but not yet read, for the model's manifest.</param>
    /// <param name="answer">The protocol's answer of the body, the model and its predictions.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    public static Task<T> AnswerAsync<T>(PredictionServices services, string? name, HttpRequest request,
        Func<JsonElement, ModelManifest, RequestRows> rowsOf, Func<JsonElement, LoadedModel, PredictionResult[], T> answer, CancellationToken cancellationToken) =>
        AnswerAsync(services, name, request, (body, token) => JsonBody.ReadAsync(body, token), (body, manifest) => rowsOf(body.RootElement, manifest),
            (body, model, predictions) => answer(body.RootElement, model, predictions), cancellationToken);

    /// <summary>The same flow for a body <paramref name="read"/> parses (MLflow's CSV, Open Inference's binary tensors),
    /// admitted before it is read and disposed after the answer when it is disposable; <paramref name="version"/> chooses the
    /// answering model of what is served (a version named in the route, or refused) instead of the champion or canary.</summary>
    public static async Task<T> AnswerAsync<TBody, T>(PredictionServices services, string? name, HttpRequest request, Func<HttpRequest, CancellationToken, Task<TBody>> read,
        Func<TBody, ModelManifest, RequestRows> rowsOf, Func<TBody, LoadedModel, PredictionResult[], T> answer, CancellationToken cancellationToken,
        Func<Serving, LoadedModel>? version = null)
    {
        var serving = Host(services.Hosts, name, request).Snapshot;
        var first = NewId();
        var model = version?.Invoke(serving) ?? serving.Answering(first);
        Activity.Current?.SetTag("ferry.model", model.Manifest.Name).SetTag("ferry.version", model.Manifest.Version);
        FailedPredictions.Serving(request.HttpContext, model);
        services.Admission.AdmitBody();
        using var parse = FerryTracing.Step("ferry.parse");
        var body = await read(request, cancellationToken);
        using var disposable = body as IDisposable;
        var rows = rowsOf(body, model.Manifest);
        parse?.SetTag("ferry.rows", rows.Count);
        var clock = Stopwatch.StartNew();
        Admit(services, rows.Count);
        string[] ids = [first, .. Enumerable.Range(1, rows.Count - 1).Select(_ => NewId())];
        var inputs = Read(model, rows);
        parse?.Stop();
        var results = Predict(model, rows, inputs, ids);
        var elapsed = clock.Elapsed;
        var labels = new[] { model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture) };
        services.Metrics.Predictions.WithLabels(labels).Inc(results.Length);
        services.Metrics.PredictionSeconds.WithLabels(labels).Observe(elapsed.TotalSeconds);
        services.Meter.Predicted(model.Manifest.Name, model.Manifest.Version, results.Length, elapsed);
        var response = answer(body, model, results);
        using (FerryTracing.Step("ferry.log"))
        {
            services.Recorder.Record(serving, model, inputs, results, elapsed);
        }

        return response;
    }

    /// <summary>The champion of the model named in the route (<see cref="Host"/>).</summary>
    public static LoadedModel Model(ModelHosts hosts, string? name, HttpRequest request) => Host(hosts, name, request).Current;

    /// <summary>The model named in the route (without one: `?model=`, or the only one served); refused 404 for a model not
    /// served, 400 when several are and none is named.</summary>
    private static ModelHost Host(ModelHosts hosts, string? name, HttpRequest request)
    {
        var chosen = name ?? request.Query["model"].FirstOrDefault();
        return (name is null ? hosts.Default(chosen) : hosts.Find(name))
            ?? throw (chosen is null ? RequestRefusedException.ModelNotNamed(hosts) : RequestRefusedException.UnknownModel(chosen, hosts));
    }

    /// <summary>A prediction id: a version 7 GUID (time-ordered), 32 hex digits.</summary>
    private static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>The request's JSON body, admitted before it is read (<see cref="RowAdmission.AdmitBody"/>) and parsed by
    /// <see cref="JsonBody"/>; a body past the size limit throws Kestrel's 413, answered by <see cref="ProblemExceptionHandler"/>.</summary>
    public static Task<JsonDocument> BodyAsync(RowAdmission admission, HttpRequest request, CancellationToken cancellationToken)
    {
        admission.AdmitBody();
        return JsonBody.ReadAsync(request, cancellationToken);
    }

    /// <summary>Refuses no rows (400), more than one request may carry (413), or more than the server takes now (503).</summary>
    private static void Admit(PredictionServices services, int rows)
    {
        if (rows == 0)
        {
            throw RequestRefusedException.Field("rows", "there are no rows: send at least one");
        }

        if (rows > services.Options.Value.MaxRows)
        {
            throw RequestRefusedException.TooManyRows(rows.ToString(CultureInfo.InvariantCulture), services.Options.Value.MaxRows);
        }

        services.Admission.AdmitRows(rows);
    }

    /// <summary>The rows read against the model's schema (<see cref="JsonRowReader"/>, or a text row's cells), each feature a finite 32-bit
    /// float; refused with every bad field (at most <see cref="MaxErrors"/>).</summary>
    private static InputRow[] Read(LoadedModel model, RequestRows rows)
    {
        var inputs = model.Manifest.Inputs;
        var parsed = new InputRow[rows.Count];
        var errors = new Dictionary<string, string[]>();
        var i = 0;
        foreach (var read in rows.Rows)
        {
            parsed[i] = new InputRow(inputs.Count);
            read(inputs, parsed[i], rows.Prefix(i), errors);
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

        return errors.Count > 0 ? throw RequestRefusedException.Fields(errors) : parsed;
    }

    /// <summary>The model's predictions of <paramref name="inputs"/>, each with its id in <paramref name="ids"/>, which
    /// feedback refers to; refused when a row's prediction is not a finite number.</summary>
    private static PredictionResult[] Predict(LoadedModel model, RequestRows rows, InputRow[] inputs, string[] ids)
    {
        var results = model.Predict(inputs, model.Manifest.Constraints.ExplainTop);
        var errors = new Dictionary<string, string[]>();
        for (var r = 0; r < results.Length; r++)
        {
            if (!results[r].IsFinite)
            {
                errors[rows.Prefix(r) is { Length: > 0 } prefix ? prefix.TrimEnd('.') : "body"] = [PredictionResult.NotFinite];
            }

            results[r] = results[r] with { Id = ids[r] };
        }

        return errors.Count > 0 ? throw RequestRefusedException.Fields(errors) : results;
    }
}

using System.Globalization;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>Each operation's one-line summary and, where its endpoint has no name, an operation id made from its route.</summary>
internal static class OperationSummaries
{
    private static readonly Dictionary<string, string> s_summaries = new(StringComparer.Ordinal)
    {
        ["GET /health/live"] = "Liveness probe",
        ["GET /health/ready"] = "Readiness probe: the models are loaded and answer",
        ["GET /health"] = "The state of each part: models, store, prediction log, admission",
        ["POST /v1/models/{name}/predict"] = "Predict one row, or several under rows",
        ["POST /invocations"] = "Predict with MLflow's scoring protocol",
        ["GET /ping"] = "MLflow's liveness ping",
        ["GET /version"] = "MLflow's server version",
        ["GET /v2"] = "Open Inference server metadata",
        ["GET /v2/health/live"] = "Open Inference server liveness",
        ["GET /v2/health/ready"] = "Open Inference server readiness",
        ["GET /v2/models/{name}"] = "Open Inference model metadata",
        ["GET /v2/models/{name}/ready"] = "Open Inference model readiness",
        ["POST /v2/models/{name}/infer"] = "Predict with the Open Inference protocol",
        ["GET /v1/models"] = "The models served",
        ["GET /v1/models/{name}"] = "A model's serving version, schema, metrics, champion and versions",
        ["POST /v1/models/{name}/promote"] = "Promote a version to champion",
        ["POST /v1/models/{name}/rollback"] = "Roll back the latest promotion",
        ["POST /v1/models/{name}/reload"] = "Reload the champion from the registry",
        ["POST /v1/models/{name}/challenge"] = "Start a challenger in shadow, or stop it",
        ["POST /v1/models/{name}/monitoring/judge"] = "Judge the model now and act on its alerts",
        ["POST /v1/models/{name}/feedback"] = "Record the true labels or values of predictions",
        ["GET /v1/models/{name}/monitoring"] = "Drift, performance, staleness, health and alerts of the latest judgement",
        ["GET /dashboard"] = "The monitoring dashboard (HTML)",
        ["GET /v1/models/{name}/runs"] = "The retraining loop's runs, newest first",
    };

    /// <summary>The summary of the route; a route of one version (`.../versions/{v}/...`) is summarized as its model's route;
    /// another route keeps its <paramref name="generated"/> summary (its handler's XML summary), or is named by its route.</summary>
    public static string Summary(string method, string path, string? generated)
    {
        if (s_summaries.TryGetValue($"{method} {path}", out var summary))
        {
            return summary;
        }

        var versions = path.IndexOf("/versions/", StringComparison.Ordinal);
        if (versions > 0)
        {
            var end = path.IndexOf('/', versions + "/versions/".Length);
            var model = path[..versions] + (end < 0 ? "" : path[end..]);
            if (s_summaries.TryGetValue($"{method} {model}", out var modelSummary))
            {
                return $"{modelSummary} (one version)";
            }
        }

        return generated ?? $"{method} {path}";
    }

    /// <summary>An operation id from the method and the route's words: `GET /v2/models/{name}/ready` is GetV2ModelsNameReady.</summary>
    public static string Id(string method, string path) => string.Concat(
        new[] { method.ToLowerInvariant() }.Concat(path.Split('/', '{', '}', '-', '_').Where(w => w.Length > 0))
            .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));
}

using Ferry.Core.Bundles;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>A model as it is served and watched: its name, the store of its versions and predictions, its `monitor:`
/// section and the alert rules in force. Made from a spec (`ferry serve SPEC`) or from its champion's manifest
/// (`ferry serve STORE`), which records the spec's monitor section, success metric and constraints.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="StoreDirectory">The `.ferry` directory (bundle copies beside a PostgreSQL store).</param>
/// <param name="StoreUrl">The postgres:// URL of a shared store, or null for the SQLite one in the directory.</param>
/// <param name="Monitor">The `monitor:` section.</param>
/// <param name="Rules">`monitor.alerts`, or the defaults derived from the success metric and constraints.</param>
/// <param name="Retrain">`retrain:`: what starts a retrain by itself and the gates of a run.</param>
/// <param name="SpecPath">The spec file a retrain reads (its data source, features, candidates), or null when the model
/// was found in a store without its spec: such a model is retrained by `ferry retrain SPEC` only.</param>
public sealed record ServedModel(string Name, string StoreDirectory, string? StoreUrl, MonitorSpec Monitor, IReadOnlyList<AlertRule> Rules,
    RetrainSpec Retrain, string? SpecPath)
{
    public static ServedModel Of(ProblemSpec spec) =>
        new(spec.Name, spec.StoreDirectory, spec.StoreUrl, spec.Monitor, spec.AlertRules, spec.Retrain, spec.SpecPath);

    public static ServedModel Of(ModelManifest manifest, string storeDirectory, string? storeUrl) =>
        new(manifest.Name, storeDirectory, storeUrl, manifest.Monitor,
            manifest.Monitor.Alerts ?? AlertRules.Defaults(manifest.Monitor, manifest.SuccessMetric, manifest.Constraints), RetrainSpec.ByHand, null);

    public ModelRegistry OpenRegistry() => ModelRegistry.Open(StoreDirectory, StoreUrl);

    public MonitoringStore OpenMonitoring() => MonitoringStore.Open(StoreDirectory, StoreUrl);
}

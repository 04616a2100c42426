using Ferry.Core.Bundles;
using Ferry.Core.Spec;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Models;

/// <summary>The models a server serves: the spec's one (`ferry serve SPEC`), or every model with a champion in a store
/// (`ferry serve STORE`), each behind its own <see cref="ModelHost"/>. Requests name their model; the few endpoints
/// that do not (the web page, the dashboard, MLflow's /invocations) take the only one, or `?model=NAME`.</summary>
public sealed class ModelHosts
{
    public ModelHosts(IOptions<ServeOptions> options, ServerMetrics metrics, ILoggerFactory loggers)
    {
        var source = options.Value.Spec;
        var specs = StoreModels.IsStore(source) ? StoreModels.Specs(source) : [SpecLoader.Load(source)];
        All = [.. specs.Select(spec => new ModelHost(spec, metrics, loggers.CreateLogger<ModelHost>()))];
    }

    public IReadOnlyList<ModelHost> All { get; }

    /// <summary>The model of the spec, or the first of the store's by name.</summary>
    public ModelHost First => All[0];

    /// <summary>The names served, for messages.</summary>
    public string Names => string.Join(", ", All.Select(host => $"'{host.Spec.Name}'"));

    public ModelHost? Find(string name) => All.FirstOrDefault(host => host.Spec.Name == name);

    /// <summary>The model a request without a model in its route means: <paramref name="name"/> (from `?model=`) when
    /// given, else the only one served; null when it names none or several are served.</summary>
    public ModelHost? Default(string? name) => name is not null ? Find(name) : All.Count == 1 ? First : null;
}

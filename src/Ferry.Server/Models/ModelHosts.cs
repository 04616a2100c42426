using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Models;

/// <summary>The models a server serves: the spec's one (`ferry serve SPEC`), or every model with a champion in a store
/// (`ferry serve STORE`), each behind its own <see cref="ModelHost"/>. Requests name their model; the few endpoints
/// that do not (the web page, the dashboard, MLflow's /invocations) take the only one, or `?model=NAME`.</summary>
public sealed class ModelHosts
{
    private readonly StoreModels? _store;
    private readonly ServerMetrics _metrics;
    private readonly ILoggerFactory _loggers;
    private volatile ModelHost[] _all;

    public ModelHosts(IOptions<ServeOptions> options, ServerMetrics metrics, ILoggerFactory loggers)
    {
        var source = options.Value.Spec;
        (_store, _metrics, _loggers) = (StoreModels.IsStore(source) ? new StoreModels(source) : null, metrics, loggers);
        var models = _store is not null ? _store.Served() : [ServedModel.Of(SpecLoader.Load(source))];
        _all = [.. models.Select(Host)];
    }

    public IReadOnlyList<ModelHost> All => _all;

    /// <summary>The model of the spec, or the first of the store's by name.</summary>
    public ModelHost First => All[0];

    /// <summary>The names served, for messages.</summary>
    public string Names => string.Join(", ", All.Select(host => $"'{host.Model.Name}'"));

    public ModelHost? Find(string name) => All.FirstOrDefault(host => host.Model.Name == name);

    /// <summary>The model a request without a model in its route means: <paramref name="name"/> (from `?model=`) when
    /// given, else the only one served; null when it names none or several are served.</summary>
    public ModelHost? Default(string? name) => name is not null ? Find(name) : All.Count == 1 ? First : null;

    /// <summary>Serving a store: starts serving the models that got their first champion since the server started.</summary>
    /// <returns>The models added.</returns>
    public IReadOnlyList<string> AddNewModels()
    {
        if (_store is null)
        {
            return [];
        }

        var added = _store.Names().Except(_all.Select(host => host.Model.Name), StringComparer.Ordinal).ToArray();
        if (added.Length > 0)
        {
            _all = [.. _all.Concat(added.Select(name => Host(_store.Served(name)))).OrderBy(host => host.Model.Name, StringComparer.Ordinal)];
        }

        return added;
    }

    private ModelHost Host(ServedModel model) => new(model, _metrics, _loggers.CreateLogger<ModelHost>());
}

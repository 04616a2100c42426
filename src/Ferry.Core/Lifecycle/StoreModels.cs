using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>What `ferry serve STORE` and `ferry monitor STORE` are given instead of a spec: a store, the `.ferry`
/// directory beside a spec (or any `store:` directory) or a postgres:// URL. Every model with a champion there is
/// meant, each as its champion's manifest describes it (<see cref="ServedModel"/>): the spec's recorded `monitor:` section
/// and the alert rules its success metric and constraints imply. The store's registry is opened once, so asking again (a server looking for new models
/// every few seconds) costs one query.</summary>
public sealed class StoreModels
{
    private readonly string _store;
    private readonly string _directory;
    private readonly string? _url;
    private readonly ModelRegistry _registry;

    /// <param name="store">The store; with a PostgreSQL one, bundles are copied under `.ferry` in the current directory.</param>
    public StoreModels(string store)
    {
        _store = store;
        _url = PostgresUrl.Matches(store) ? store : null;
        _directory = Path.GetFullPath(_url is null ? store : ".ferry");
        if (_url is null && !File.Exists(Path.Combine(_directory, "ferry.db")))
        {
            throw new FerryException($"{store}: not a Ferry store (no ferry.db in it); a store is the .ferry directory beside a spec, or a postgres:// URL");
        }

        _registry = ModelRegistry.Open(_directory, _url);
    }

    /// <summary>True when <paramref name="argument"/> names a store (a directory or a postgres:// URL), not a spec file.</summary>
    public static bool IsStore(string argument) => PostgresUrl.Matches(argument) || Directory.Exists(argument);

    /// <summary>The models with a champion in the store, sorted.</summary>
    public IReadOnlyList<string> Names() => _registry.Champions();

    /// <summary>Every model with a champion, sorted by name.</summary>
    public IReadOnlyList<ServedModel> Served()
    {
        var names = Names();
        return names.Count > 0
            ? [.. names.Select(Served)]
            : throw new FerryException($"{(_url is null ? _store : PostgresUrl.Redact(_store))}: no model in this store has a champion (train one with `ferry train SPEC`)");
    }

    /// <summary><paramref name="name"/> as its champion's manifest describes it.</summary>
    public ServedModel Served(string name)
    {
        var champion = _registry.Alias(name, ModelRegistry.Champion)
            ?? throw new FerryException(FerryErrorKind.NotFound, $"model '{name}' has no champion in this store");
        return ServedModel.Of(_registry.ReadManifest(name, champion), _directory, _url);
    }
}

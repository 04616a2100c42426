using Ferry.Core.Data.Sources;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles;

/// <summary>What `ferry serve STORE` and `ferry monitor STORE` are given instead of a spec: a store, the `.ferry`
/// directory beside a spec (or any `store:` directory) or a postgres:// URL. Every model with a champion there is
/// meant, each as its champion's manifest describes it: type, target, success metric, constraints and the spec's
/// recorded `monitor:` section.</summary>
public static class StoreModels
{
    /// <summary>True when <paramref name="argument"/> names a store (a directory or a postgres:// URL), not a spec file.</summary>
    public static bool IsStore(string argument) => PostgresUrl.Matches(argument) || Directory.Exists(argument);

    /// <summary>One spec per model with a champion in <paramref name="store"/>, sorted by name. With a PostgreSQL store,
    /// bundles are copied under `.ferry` in the current directory.</summary>
    public static IReadOnlyList<ProblemSpec> Specs(string store)
    {
        var names = Names(store);
        return names.Count > 0
            ? [.. names.Select(name => Spec(store, name))]
            : throw new FerryException($"{(PostgresUrl.Matches(store) ? PostgresUrl.Redact(store) : store)}: no model in this store has a champion (train one with `ferry train SPEC`)");
    }

    /// <summary>The models with a champion in <paramref name="store"/>, sorted.</summary>
    public static IReadOnlyList<string> Names(string store) => Registry(store).Store.ModelsWith(ModelRegistry.Champion);

    /// <summary>The spec of <paramref name="name"/> in <paramref name="store"/>, from its champion's manifest.</summary>
    public static ProblemSpec Spec(string store, string name)
    {
        var registry = Registry(store);
        var champion = registry.Store.Alias(name, ModelRegistry.Champion)
            ?? throw new FerryException($"model '{name}' has no champion in this store");
        var manifest = BundleFile.ReadManifest(registry.FetchBundle(name, champion));
        var (directory, url) = Location(store);
        return new ProblemSpec
        {
            Name = manifest.Name,
            Objective = manifest.Objective,
            Type = manifest.Type,
            Data = new DataSpec(directory),
            Target = manifest.Target,
            SuccessMetric = manifest.SuccessMetric,
            Split = SplitSpec.Default,
            Constraints = manifest.Constraints,
            Candidates = [manifest.Candidate],
            Monitor = manifest.Monitor,
            SpecPath = Path.Combine(directory, manifest.Name + ".yaml"),
            StoreDirectory = directory,
            StoreUrl = url,
            SpecHash = manifest.SpecHash,
        };
    }

    private static (string Directory, string? Url) Location(string store) =>
        PostgresUrl.Matches(store) ? (Path.GetFullPath(".ferry"), store) : (Path.GetFullPath(store), null);

    private static ModelRegistry Registry(string store)
    {
        var (directory, url) = Location(store);
        if (url is null && !File.Exists(Path.Combine(directory, "ferry.db")))
        {
            throw new FerryException($"{store}: not a Ferry store (no ferry.db in it); a store is the .ferry directory beside a spec, or a postgres:// URL");
        }

        return ModelRegistry.Open(directory, url);
    }
}

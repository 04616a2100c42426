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
        var url = PostgresUrl.Matches(store) ? store : null;
        var directory = Path.GetFullPath(url is null ? store : ".ferry");
        if (url is null && !File.Exists(Path.Combine(directory, "ferry.db")))
        {
            throw new FerryException($"{store}: not a Ferry store (no ferry.db in it); a store is the .ferry directory beside a spec, or a postgres:// URL");
        }

        var registry = ModelRegistry.Open(directory, url);
        var names = registry.Store.ModelsWith(ModelRegistry.Champion);
        if (names.Count == 0)
        {
            throw new FerryException($"{(url is null ? store : PostgresUrl.Redact(store))}: no model in this store has a champion (train one with `ferry train SPEC`)");
        }

        return [.. names.Select(name => Spec(BundleFile.ReadManifest(registry.FetchBundle(name, registry.Store.Alias(name, ModelRegistry.Champion)!.Value)), directory, url))];
    }

    private static ProblemSpec Spec(ModelManifest manifest, string directory, string? url) => new()
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

using Ferry.Core.Bundles;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>Resolves what a verb was given: a .ferry bundle file, or a spec whose champion is meant.</summary>
public static class BundleLocator
{
    public static ModelBundle Load(string specOrBundle) =>
        specOrBundle.EndsWith(".ferry", StringComparison.OrdinalIgnoreCase)
            ? BundleFile.Read(specOrBundle)
            : LoadChampion(SpecLoader.Load(specOrBundle));

    public static ModelBundle LoadChampion(ProblemSpec spec) =>
        ModelRegistry.Open(spec).Load(spec.Name, ModelRegistry.Champion);
}

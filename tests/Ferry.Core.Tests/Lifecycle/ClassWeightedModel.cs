using Ferry.Core.Bundles;
using Ferry.Core.Lifecycle;
using Ferry.Testing;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A logistic model trained once on <see cref="ImbalancedData"/> for f1: its rows are weighted by class (6% are
/// yes), which pushes its probabilities of yes far above the true frequencies, so it is deliberately miscalibrated.</summary>
public sealed class ClassWeightedModel : IDisposable
{
    private readonly TestFiles _files = new();

    public ClassWeightedModel()
    {
        Outcome = ImbalancedData.Train(_files, "f1", "logistic");
        Bundle = BundleFile.Read(Outcome.BundlePath);
    }

    public TrainingOutcome Outcome { get; }

    public ModelBundle Bundle { get; }

    public string Directory => Path.GetDirectoryName(Outcome.BundlePath)!;

    public void Dispose() => _files.Dispose();
}

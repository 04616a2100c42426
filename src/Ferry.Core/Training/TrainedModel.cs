using Ferry.Core.Features;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>A fitted featurizer and the model that scores its vectors, with the training trace of models that have one.</summary>
public sealed class TrainedModel
{
    internal TrainedModel(Featurizer featurizer, IVectorModel model, ProblemType type, string[] classes, IReadOnlyList<EpochTrace> trace,
        double threshold = Decision.DefaultThreshold)
    {
        Featurizer = featurizer;
        Model = model;
        Type = type;
        Classes = classes;
        Trace = trace;
        Threshold = threshold;
    }

    public Featurizer Featurizer { get; }

    internal IVectorModel Model { get; }

    public ProblemType Type { get; }

    public string[] Classes { get; }

    public IReadOnlyList<EpochTrace> Trace { get; }

    /// <summary>The probability of the positive class above which a binary model answers that class (0.5 unless tuned).</summary>
    public double Threshold { get; }

    /// <summary>Slots of a score: one probability per class, or one value for regression.</summary>
    public int OutputSize => Type.IsClassification() ? Classes.Length : 1;

    internal IScorer CreateScorer() => Model.CreateScorer();

    /// <summary>The same model deciding binary classes at <paramref name="threshold"/>.</summary>
    internal TrainedModel WithThreshold(double threshold) => new(Featurizer, Model, Type, Classes, Trace, threshold);

    /// <summary>The class index these class probabilities decide.</summary>
    internal int Decide(double[] probabilities) => Decision.Class(probabilities, Threshold);
}

using Ferry.Core.Features;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>A fitted featurizer and the model that scores its vectors, with the training trace of models that have one. Every
/// score is taken through <see cref="CreateScorer"/> or <see cref="ScoreBatch"/>, which apply the calibrator when there is
/// one: whatever reads probabilities (serving, batch prediction, explanations, evaluation, monitoring) sees calibrated ones.</summary>
public sealed class TrainedModel
{
    internal TrainedModel(Featurizer featurizer, IVectorModel model, ProblemType type, string[] classes, IReadOnlyList<EpochTrace> trace,
        double threshold = Decision.DefaultThreshold, Calibrator? calibrator = null)
    {
        Featurizer = featurizer;
        Model = model;
        Type = type;
        Classes = classes;
        Trace = trace;
        Threshold = threshold;
        Calibrator = calibrator;
    }

    public Featurizer Featurizer { get; }

    internal IVectorModel Model { get; }

    public ProblemType Type { get; }

    public string[] Classes { get; }

    public IReadOnlyList<EpochTrace> Trace { get; }

    /// <summary>The probability of the positive class above which a binary model answers that class (0.5 unless tuned).</summary>
    public double Threshold { get; }

    /// <summary>What calibrates the model's class probabilities, fitted on its out-of-fold answers; null when they are the
    /// model's own.</summary>
    public Calibrator? Calibrator { get; }

    /// <summary>Slots of a score: one probability per class, or one value for regression.</summary>
    public int OutputSize => Type.IsClassification() ? Classes.Length : 1;

    internal IScorer CreateScorer() => Calibrator is { } calibrator ? new CalibratedScorer(Model.CreateScorer(), calibrator) : Model.CreateScorer();

    /// <summary>Scores many vectors at once through the model's batch path: one output per vector, as a scorer would give.</summary>
    internal double[][] ScoreBatch(IReadOnlyList<float[]> vectors)
    {
        var outputs = Model.ScoreBatch(vectors, OutputSize);
        if (Calibrator is { } calibrator)
        {
            foreach (var output in outputs)
            {
                calibrator.Apply(output);
            }
        }

        return outputs;
    }

    /// <summary>The same model deciding binary classes at <paramref name="threshold"/>.</summary>
    internal TrainedModel WithThreshold(double threshold) => new(Featurizer, Model, Type, Classes, Trace, threshold, Calibrator);

    /// <summary>The same model with its probabilities calibrated by <paramref name="calibrator"/>.</summary>
    internal TrainedModel WithCalibrator(Calibrator calibrator) => new(Featurizer, Model, Type, Classes, Trace, Threshold, calibrator);

    /// <summary>The class index these class probabilities decide.</summary>
    internal int Decide(double[] probabilities) => Decision.Class(probabilities, Threshold);
}

namespace Ferry.Core.Training;

/// <summary>A model's scorer whose class probabilities go through the model's calibrator.</summary>
internal sealed class CalibratedScorer(IScorer scorer, Calibrator calibrator) : IScorer
{
    public void Score(float[] features, Span<double> output)
    {
        scorer.Score(features, output);
        calibrator.Apply(output);
    }
}

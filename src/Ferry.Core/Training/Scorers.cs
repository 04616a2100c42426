using Ferry.Core.Spec;
using Microsoft.ML;

namespace Ferry.Core.Training;

/// <summary>ML.NET prediction engines over <see cref="FeatureRow"/>, one kind per problem type.</summary>
internal static class Scorers
{
    public static IScorer Create(MLContext ml, ITransformer model, ProblemType type, int slotCount, int classCount)
    {
        var schema = FeatureRow.Schema(slotCount, classCount);
        return type switch
        {
            ProblemType.BinaryClassification => new BinaryScorer(ml.Model.CreatePredictionEngine<FeatureRow, BinaryOutput>(model, inputSchemaDefinition: schema)),
            ProblemType.MulticlassClassification => new MulticlassScorer(ml.Model.CreatePredictionEngine<FeatureRow, VectorOutput>(model, inputSchemaDefinition: schema)),
            _ => new RegressionScorer(ml.Model.CreatePredictionEngine<FeatureRow, ScalarOutput>(model, inputSchemaDefinition: schema)),
        };
    }

    /// <summary>Class probabilities [1 - p, p] from the calibrated probability of the positive class.</summary>
    public static void Binary(float probability, Span<double> output)
    {
        var p = Math.Clamp((double)probability, 0, 1);
        output[0] = 1 - p;
        output[1] = p;
    }

    /// <summary>Class probabilities from per-class scores, clipped at 0 and normalized to sum to 1.</summary>
    public static void Multiclass(float[] scores, Span<double> output)
    {
        var sum = 0.0;
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Math.Max(scores[i], 0);
            sum += output[i];
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i] = sum > 0 ? output[i] / sum : 1.0 / output.Length;
        }
    }

    private sealed class BinaryScorer(PredictionEngine<FeatureRow, BinaryOutput> engine) : IScorer
    {
        private readonly FeatureRow _row = new();
        private BinaryOutput _output = new();

        public void Score(float[] features, Span<double> output)
        {
            _row.Features = features;
            engine.Predict(_row, ref _output);
            Binary(_output.Probability, output);
        }
    }

    private sealed class MulticlassScorer(PredictionEngine<FeatureRow, VectorOutput> engine) : IScorer
    {
        private readonly FeatureRow _row = new();
        private VectorOutput _output = new();

        public void Score(float[] features, Span<double> output)
        {
            _row.Features = features;
            engine.Predict(_row, ref _output);
            Multiclass(_output.Score, output);
        }
    }

    private sealed class RegressionScorer(PredictionEngine<FeatureRow, ScalarOutput> engine) : IScorer
    {
        private readonly FeatureRow _row = new();
        private ScalarOutput _output = new();

        public void Score(float[] features, Span<double> output)
        {
            _row.Features = features;
            engine.Predict(_row, ref _output);
            output[0] = _output.Score;
        }
    }
}

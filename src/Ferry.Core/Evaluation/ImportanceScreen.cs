using Ferry.Core.Data;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Picks the inputs permutation importance is computed for when there are too many to permute each: those whose
/// features are most associated with the target on a sample of training rows (squared correlation with the value for
/// regression, the correlation ratio over classes for classification; an input's score is its best slot's). One pass
/// over the sample, one featurized row at a time: the cost grows with rows times slots, not with slots squared.</summary>
internal static class ImportanceScreen
{
    public const int MaxRows = 1_000;

    /// <summary>Indices into the model's inputs, at most <paramref name="max"/>, best first; an input without a feature of its
    /// own (one that reaches the model only through a derived column) comes first, its association not measured.</summary>
    public static int[] Keep(TrainedModel model, TrainingData data, int[] trainRows, int max, int seed)
    {
        var featurizer = model.Featurizer;
        var slotInput = featurizer.Features.SelectMany(feature => Enumerable.Repeat(feature.Input, feature.SlotCount)).ToArray();
        var groups = data.Type.IsClassification() ? data.Target.Classes.Length : 0;
        var association = Association(featurizer, data, RowSample.Take(trainRows, MaxRows, seed), slotInput.Length, groups);
        var score = new double[data.FeatureColumns.Length];
        Array.Fill(score, double.PositiveInfinity);
        for (var slot = 0; slot < slotInput.Length; slot++)
        {
            if (slotInput[slot] >= 0)
            {
                var input = slotInput[slot];
                score[input] = double.IsPositiveInfinity(score[input]) ? association[slot] : Math.Max(score[input], association[slot]);
            }
        }

        return [.. Enumerable.Range(0, score.Length).OrderByDescending(input => score[input]).ThenBy(input => input).Take(max)];
    }

    /// <summary>Per slot, the share of the target's variance it explains (r²), or of its own variance the classes explain (η²).</summary>
    private static double[] Association(Features.Featurizer featurizer, TrainingData data, int[] rows, int slots, int groups)
    {
        var sum = new double[slots];
        var squares = new double[slots];
        var cross = groups == 0 ? new double[slots] : null;
        var classSums = groups > 0 ? new double[groups, slots] : null;
        var classCounts = new int[Math.Max(groups, 1)];
        var (targetSum, targetSquares) = (0.0, 0.0);
        var vector = new float[slots];
        foreach (var row in rows)
        {
            featurizer.Transform(new ProjectedRow(data.Table, data.FeatureColumns, row), vector);
            var y = groups == 0 ? data.Target.Values[row] : 0;
            var c = groups > 0 ? data.Target.ClassIndex[row] : 0;
            classCounts[c]++;
            (targetSum, targetSquares) = (targetSum + y, targetSquares + (y * y));
            for (var s = 0; s < slots; s++)
            {
                double x = vector[s];
                sum[s] += x;
                squares[s] += x * x;
                if (cross is not null)
                {
                    cross[s] += x * y;
                }
                else
                {
                    classSums![c, s] += x;
                }
            }
        }

        var n = (double)rows.Length;
        var association = new double[slots];
        for (var s = 0; s < slots; s++)
        {
            var variance = squares[s] - (sum[s] * sum[s] / n);
            if (variance <= 1e-12 * Math.Max(1, squares[s]))
            {
                continue;
            }

            if (cross is not null)
            {
                var targetVariance = targetSquares - (targetSum * targetSum / n);
                var covariance = cross[s] - (sum[s] * targetSum / n);
                association[s] = targetVariance > 0 ? covariance * covariance / (variance * targetVariance) : 0;
            }
            else
            {
                var between = 0.0;
                for (var c = 0; c < groups; c++)
                {
                    if (classCounts[c] > 0)
                    {
                        var mean = classSums![c, s] / classCounts[c];
                        between += classCounts[c] * (mean - (sum[s] / n)) * (mean - (sum[s] / n));
                    }
                }

                association[s] = between / variance;
            }
        }

        return association;
    }
}

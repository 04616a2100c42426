namespace Ferry.Core.Evaluation;

/// <summary>One class's scores in order, with whether each row is of that class: two flat arrays (9 bytes a row) sorted
/// together, as ROC and precision-recall sweeps over a test part of millions of rows need.</summary>
internal static class RankedScores
{
    /// <param name="actual">The true class index of each row.</param>
    /// <param name="probabilities">The predicted class probabilities of each row.</param>
    /// <param name="positive">The class taken as positive.</param>
    /// <param name="descending">True for highest first; the scores are then negated (ties stay ties).</param>
    public static (double[] Scores, bool[] IsPositive) Sort(int[] actual, double[][] probabilities, int positive, bool descending)
    {
        var scores = new double[actual.Length];
        var isPositive = new bool[actual.Length];
        for (var i = 0; i < actual.Length; i++)
        {
            scores[i] = descending ? -probabilities[i][positive] : probabilities[i][positive];
            isPositive[i] = actual[i] == positive;
        }

        Array.Sort(scores, isPositive);
        return (scores, isPositive);
    }
}

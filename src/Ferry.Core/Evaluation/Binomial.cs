namespace Ferry.Core.Evaluation;

/// <summary>Tail probabilities of the binomial distribution, summed in log space so that thousands of trials neither
/// overflow nor underflow.</summary>
internal static class Binomial
{
    /// <summary>P(X &gt;= k) for X ~ Binomial(n, 1/2).</summary>
    public static double UpperTailHalf(int k, int n)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (k > n)
        {
            return 0;
        }

        var logTerm = -n * Math.Log(2);
        for (var i = 1; i <= k; i++)
        {
            logTerm += Math.Log((double)(n - k + i) / i);
        }

        var sum = 0.0;
        for (var j = k; j <= n; j++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log((double)(n - j) / (j + 1));
        }

        return Math.Min(1, sum);
    }
}

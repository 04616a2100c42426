namespace Ferry.Core.Monitoring.Drift;

/// <summary>The two-sample statistics behind drift detection, each written to give what the cited scipy call
/// gives (tests compare them on fixed samples). Samples are sorted ascending where the name says so.</summary>
internal static class DriftTests
{
    /// <summary>Two-sample Kolmogorov-Smirnov: D = sup |F_ref - F_cur| and its two-sided p-value from the
    /// Kolmogorov distribution with Stephens' small-sample correction (scipy.stats.ks_2samp gives the exact
    /// or asymptotic one; the two agree to about 0.01).</summary>
    public static (double Statistic, double PValue) KolmogorovSmirnov(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        double n1 = sortedReference.Length, n2 = sortedCurrent.Length;
        if (n1 == 0 || n2 == 0)
        {
            return (double.NaN, double.NaN);
        }

        int i = 0, j = 0;
        var d = 0.0;
        while (i < sortedReference.Length && j < sortedCurrent.Length)
        {
            var x = Math.Min(sortedReference[i], sortedCurrent[j]);
            while (i < sortedReference.Length && sortedReference[i] <= x)
            {
                i++;
            }

            while (j < sortedCurrent.Length && sortedCurrent[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(i / n1 - j / n2));
        }

        var en = Math.Sqrt(n1 * n2 / (n1 + n2));
        return (d, SpecialFunctions.KolmogorovTail((en + 0.12 + 0.11 / en) * d));
    }

    /// <summary>Pearson's chi-square of the current counts against the reference shares scaled to the current
    /// total (scipy.stats.chisquare(f_obs=current, f_exp=reference * n_cur / n_ref), as Evidently calls it).
    /// A category the reference never had gives p = 0.</summary>
    public static (double Statistic, double PValue) ChiSquare(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts)
    {
        double referenceTotal = referenceCounts.Sum(), currentTotal = currentCounts.Sum();
        if (referenceTotal == 0 || currentTotal == 0 || referenceCounts.Count < 2)
        {
            return (double.NaN, double.NaN);
        }

        var statistic = 0.0;
        for (var k = 0; k < referenceCounts.Count; k++)
        {
            var expected = referenceCounts[k] * currentTotal / referenceTotal;
            var diff = currentCounts[k] - expected;
            statistic += expected == 0 ? (currentCounts[k] == 0 ? 0 : double.PositiveInfinity) : diff * diff / expected;
        }

        return (statistic, SpecialFunctions.ChiSquareTail(statistic, referenceCounts.Count - 1));
    }

    /// <summary>Two-proportion z-test of one category's share in the two samples (Evidently's z_stat_test:
    /// z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)), p = 2 (1 - norm.cdf(|z|))). Equal, constant samples give p = 1.</summary>
    public static (double Statistic, double PValue) ProportionsZ(double referenceHits, double referenceTotal, double currentHits, double currentTotal)
    {
        double p1 = referenceHits / referenceTotal, p2 = currentHits / currentTotal;
        var pooled = (referenceHits + currentHits) / (referenceTotal + currentTotal);
        var variance = pooled * (1 - pooled) * (1 / referenceTotal + 1 / currentTotal);
        if (variance <= 0)
        {
            return (0, p1 == p2 ? 1 : 0);
        }

        var z = (p1 - p2) / Math.Sqrt(variance);
        return (z, SpecialFunctions.NormalTwoSided(z));
    }

    /// <summary>The 1-Wasserstein distance between two empirical distributions: the area between their CDFs
    /// (scipy.stats.wasserstein_distance(reference, current)).</summary>
    public static double Wasserstein(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        double n1 = sortedReference.Length, n2 = sortedCurrent.Length;
        if (n1 == 0 || n2 == 0)
        {
            return double.NaN;
        }

        int i = 0, j = 0;
        var previous = Math.Min(sortedReference[0], sortedCurrent[0]);
        var area = 0.0;
        while (i < sortedReference.Length || j < sortedCurrent.Length)
        {
            var x = j >= sortedCurrent.Length || (i < sortedReference.Length && sortedReference[i] <= sortedCurrent[j]) ? sortedReference[i] : sortedCurrent[j];
            area += Math.Abs(i / n1 - j / n2) * (x - previous);
            previous = x;
            while (i < sortedReference.Length && sortedReference[i] <= x)
            {
                i++;
            }

            while (j < sortedCurrent.Length && sortedCurrent[j] <= x)
            {
                j++;
            }
        }

        return area;
    }

    /// <summary>The Jensen-Shannon distance between two distributions over the same categories, natural log
    /// (scipy.spatial.distance.jensenshannon(p, q): each normalized to sum 1, sqrt of the divergence).</summary>
    public static double JensenShannon(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        double sp = p.Sum(), sq = q.Sum();
        if (sp <= 0 || sq <= 0)
        {
            return double.NaN;
        }

        var divergence = 0.0;
        for (var k = 0; k < p.Count; k++)
        {
            double a = p[k] / sp, b = q[k] / sq, m = (a + b) / 2;
            divergence += (a > 0 ? a * Math.Log(a / m) : 0) + (b > 0 ? b * Math.Log(b / m) : 0);
        }

        return Math.Sqrt(Math.Max(divergence / 2, 0));
    }

    /// <summary>The population stability index sum((cur - ref) ln(cur / ref)) over shares of the same bins, a
    /// share of 0 replaced by 0.0001 so empty bins count instead of dividing by zero.</summary>
    public static double PopulationStability(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts)
    {
        const double floor = 0.0001;
        double referenceTotal = referenceCounts.Sum(), currentTotal = currentCounts.Sum();
        if (referenceTotal == 0 || currentTotal == 0)
        {
            return double.NaN;
        }

        var psi = 0.0;
        for (var k = 0; k < referenceCounts.Count; k++)
        {
            var r = Math.Max(referenceCounts[k] / referenceTotal, floor);
            var c = Math.Max(currentCounts[k] / currentTotal, floor);
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }
}

using System.Globalization;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Monitoring.Drift;
using Ferry.Core.Spec;

namespace Ferry.Core.Monitoring;

/// <summary>Compares a window of live values with a <see cref="FeatureReference"/>, choosing the test the way
/// Evidently's defaults do: a reference of at most 1000 rows gets Kolmogorov-Smirnov for numbers with more than
/// 5 distinct values, else chi-square (more than 2 values) or the two-proportion z-test; a larger reference gets
/// the Wasserstein distance divided by the reference std for numbers, else the Jensen-Shannon distance.</summary>
internal static class DriftDetector
{
    private const int SmallReference = 1000;

    /// <summary>Numbers with at most this many distinct values (reference and window together) are tested as categories.</summary>
    private const int FewDistinct = 5;

    /// <param name="reference">The training reference.</param>
    /// <param name="referenceRows">Rows in the reference (picks tests or distances).</param>
    /// <param name="numbers">Live values of a numeric column (NaN: missing); null for a category column.</param>
    /// <param name="texts">Live values of a category column (null: missing); null for a numeric column.</param>
    /// <param name="thresholds">`monitor.drift`.</param>
    public static FeatureDrift Compare(FeatureReference reference, int referenceRows, double[]? numbers, IReadOnlyList<string?>? texts, DriftThresholds thresholds)
    {
        var small = referenceRows <= SmallReference;
        var total = numbers?.Length ?? texts!.Count;
        if (numbers is not null)
        {
            var present = Array.FindAll(numbers, v => !double.IsNaN(v));
            RadixSort.Sort(present);
            var (mean, std) = Statistics.MeanStd(present);
            var asCategories = reference.Frequencies.Count > 0 && CountDistinct(reference, present) <= FewDistinct;
            var drift = asCategories || present.Length == 0 || reference.Count == 0
                ? Categorical(reference, Counts(present.Select(ReferenceProfiler.Key)), small, thresholds)
                : Continuous(reference, present, small, thresholds);
            return drift with
            {
                Count = present.Length,
                PsiLevel = PsiLevel(drift.PsiLevel, present.Length),
                MissingShare = total == 0 ? 0 : 1 - (double)present.Length / total,
                ReferenceMean = reference.Mean,
                ReferenceStd = reference.Std,
                CurrentMean = mean,
                CurrentStd = std,
            };
        }

        var categories = Counts(texts!.OfType<string>().Select(text => reference.Frequencies.ContainsKey(text) || !reference.Frequencies.ContainsKey(ReferenceProfiler.Other) ? text : ReferenceProfiler.Other));
        var count = texts!.Count(text => text is not null);
        var categorical = Categorical(reference, categories, small, thresholds);
        return categorical with
        {
            Count = count,
            PsiLevel = PsiLevel(categorical.PsiLevel, count),
            MissingShare = total == 0 ? 0 : 1 - (double)count / total,
        };
    }

    /// <summary>A PSI over fewer live values than a window needs to be judged says so, instead of "drift": with a
    /// handful of rows most deciles are empty and the index is large whatever the data.</summary>
    private static string PsiLevel(string level, int liveValues) =>
        liveValues < DatasetDrift.MinimumRows && level != "n/a" ? "too few rows" : level;

    private static FeatureDrift Continuous(FeatureReference reference, double[] sorted, bool small, DriftThresholds thresholds)
    {
        var (test, statistic, p, threshold, drifted) = small
            ? Ks(reference.Sample, sorted, thresholds.PValue)
            : Distance("wasserstein", DriftTests.Wasserstein(reference.Sample, sorted) / Math.Max(reference.Std, 0.001), thresholds.Wasserstein);
        var current = Bins.CountSorted(sorted, reference.Edges);
        var psi = DriftTests.PopulationStability(reference.Shares, current);
        var labels = Enumerable.Range(0, reference.Shares.Length).Select(k => BinLabel(reference.Edges, k)).ToArray();
        return Result(reference.Column, test, statistic, p, threshold, drifted, psi, thresholds, new Histogram(labels, reference.Shares, Shares(current)));
    }

    private static FeatureDrift Categorical(FeatureReference reference, Dictionary<string, double> current, bool small, DriftThresholds thresholds)
    {
        var keys = reference.Frequencies.Keys.Union(current.Keys, StringComparer.Ordinal).ToArray();
        double[] r = [.. keys.Select(k => reference.Frequencies.GetValueOrDefault(k))], c = [.. keys.Select(k => current.GetValueOrDefault(k))];
        (string, double, double?, double, bool) verdict;
        if (c.Sum() == 0 || r.Sum() == 0)
        {
            verdict = ("chi-square", double.NaN, null, thresholds.PValue, false);
        }
        else if (!small)
        {
            verdict = Distance("jensen-shannon", DriftTests.JensenShannon(r, c), thresholds.JensenShannon);
        }
        else if (keys.Length > 2)
        {
            var (statistic, p) = DriftTests.ChiSquare(r, c);
            verdict = ("chi-square", statistic, p, thresholds.PValue, p < thresholds.PValue);
        }
        else
        {
            var (z, p) = keys.Length < 2 ? (0, 1) : DriftTests.ProportionsZ(r[0], r.Sum(), c[0], c.Sum());
            verdict = ("z", z, p, thresholds.PValue, p < thresholds.PValue);
        }

        var (test, stat, pValue, threshold, drifted) = verdict;
        var psi = c.Sum() == 0 ? double.NaN : DriftTests.PopulationStability(r, c);
        var top = keys.Select((k, i) => (k, i)).OrderByDescending(p => r[p.i] + c[p.i]).Take(12).ToArray();
        var histogram = new Histogram([.. top.Select(p => p.k)], [.. top.Select(p => r[p.i] / Math.Max(r.Sum(), 1))], [.. top.Select(p => c[p.i] / Math.Max(c.Sum(), 1))]);
        return Result(reference.Column, test, stat, pValue, threshold, drifted, psi, thresholds, histogram);
    }

    private static FeatureDrift Result(string column, string test, double statistic, double? p, double threshold, bool drifted, double psi, DriftThresholds thresholds, Histogram histogram) =>
        new(column, test, statistic, p, threshold, drifted, psi,
            double.IsNaN(psi) ? "n/a" : psi >= thresholds.PsiDrift ? "drift" : psi >= thresholds.PsiWarn ? "warn" : "ok",
            0, 0, double.NaN, double.NaN, double.NaN, double.NaN, histogram);

    private static (string, double, double?, double, bool) Ks(double[] reference, double[] current, double threshold)
    {
        var (d, p) = DriftTests.KolmogorovSmirnov(reference, current);
        return ("ks", d, p, threshold, p < threshold);
    }

    private static (string, double, double?, double, bool) Distance(string test, double distance, double threshold) =>
        (test, distance, null, threshold, distance >= threshold);

    private static Dictionary<string, double> Counts(IEnumerable<string> values)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        return counts;
    }

    /// <summary>Distinct values of reference and current together, as Evidently counts them (capped).</summary>
    private static int CountDistinct(FeatureReference reference, double[] sorted)
    {
        var keys = new HashSet<string>(reference.Frequencies.Keys, StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length && keys.Count <= FewDistinct; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                keys.Add(ReferenceProfiler.Key(sorted[i]));
            }
        }

        return keys.Count;
    }

    private static double[] Shares(double[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0 : c / total)];
    }

    private static string BinLabel(double[] edges, int k) => edges.Length == 0
        ? "all"
        : k == 0 ? $"<= {Format(edges[0])}" : k == edges.Length ? $"> {Format(edges[^1])}" : $"{Format(edges[k - 1])} - {Format(edges[k])}";

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

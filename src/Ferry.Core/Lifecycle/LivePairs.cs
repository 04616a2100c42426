using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>Two served versions' answers to the same labelled live rows, for the paired tests of a run's shadow, canary
/// and bake: a row counts when one version answered it and the other scored it in shadow (logged under
/// <see cref="PredictionRecord.ShadowId"/> of its id), whichever answered, and its feedback has arrived. Live answers
/// are predicted labels (or values): classes are scored one-hot, as the monitor scores them.</summary>
internal static class LivePairs
{
    /// <summary>The latest logged rows of each version read (a run's stages judge fewer rows than this).</summary>
    private const int Window = 20_000;

    /// <param name="store">The prediction log and its feedback.</param>
    /// <param name="manifest">The manifest whose classes (or target) the answers are read against: the champion's.</param>
    /// <param name="champion">The version on the champion's side of the test.</param>
    /// <param name="challenger">The version on the challenger's side.</param>
    /// <param name="since">Rows logged before this are left out.</param>
    public static PairedAnswers Of(IMonitoringStore store, ModelManifest manifest, int champion, int challenger, DateTimeOffset since)
    {
        var name = manifest.Name;
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var version in new[] { champion, challenger })
        {
            foreach (var row in store.Labelled(name, version, Window).Where(row => row.At >= since && row.Actual is not null))
            {
                actual[row.Id] = row.Actual!;
            }
        }

        var first = Answers(store, name, champion, since);
        var second = Answers(store, name, challenger, since);
        var classes = manifest.Classes.Select((label, i) => (label, i)).ToDictionary(pair => pair.label, pair => pair.i, StringComparer.Ordinal);
        var classification = manifest.Type.IsClassification();
        var rows = new List<(double Actual, double[] Champion, double[] Challenger)>();
        foreach (var (id, truth) in actual.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!first.TryGetValue(id, out var a) || !second.TryGetValue(id, out var b))
            {
                continue;
            }

            if (classification && classes.TryGetValue(truth, out var index) && a.Label is not null && b.Label is not null)
            {
                rows.Add((index, OneHot(a.Label, classes), OneHot(b.Label, classes)));
            }
            else if (!classification && ValueParser.TryNumber(truth, out var value) && a.Value is { } x && b.Value is { } y)
            {
                rows.Add((value, [x], [y]));
            }
        }

        return new PairedAnswers([.. rows.Select(row => row.Actual)], [.. rows.Select(row => row.Champion)], [.. rows.Select(row => row.Challenger)],
            classification ? classes.Count : 0);
    }

    /// <summary>A version's serving health for the live judge since the stage began, so both sides are measured on the
    /// same traffic at the same time: the p99 latency of the answers it gave clients since then (a version that answered
    /// none, the previous champion in a bake, is measured on the rows it scored in shadow beside them), and its failed
    /// requests against its answers.</summary>
    /// <param name="store">The prediction log.</param>
    /// <param name="model">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="since">When the stage began.</param>
    /// <param name="health">The store's health of the versions since then (for the failed requests).</param>
    public static VersionHealth Served(IMonitoringStore store, string model, int version, DateTimeOffset since, IReadOnlyList<VersionHealth> health)
    {
        var rows = store.Recent(model, version, Window).Where(row => row.At >= since).ToLookup(row => row.Id.EndsWith(PredictionRecord.ShadowSuffix, StringComparison.Ordinal));
        var answered = rows[false].Count();
        var measured = answered >= LiveJudge.MinimumRequests ? rows[false] : rows[true];
        var latencies = measured.Select(row => row.LatencyMs).Order().ToArray();
        var errors = health.FirstOrDefault(h => h.Version == version)?.Errors ?? 0;
        double P(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        return new VersionHealth(version, latencies.Length, errors, P(0.5), P(0.95), P(0.99), 0, answered + errors == 0 ? 0 : (double)errors / (answered + errors), null);
    }

    /// <summary>How many of the version's own answers logged since <paramref name="since"/> have their feedback.</summary>
    public static int Labelled(IMonitoringStore store, string model, int version, DateTimeOffset since) =>
        store.Labelled(model, version, Window).Count(row => row.At >= since);

    /// <summary>A version's answers since <paramref name="since"/>, its own and those it gave in shadow, by the id feedback names.</summary>
    private static Dictionary<string, LoggedPrediction> Answers(IMonitoringStore store, string model, int version, DateTimeOffset since)
    {
        var answers = new Dictionary<string, LoggedPrediction>(StringComparer.Ordinal);
        foreach (var row in store.Recent(model, version, Window).Where(row => row.At >= since))
        {
            answers[row.Id.EndsWith(PredictionRecord.ShadowSuffix, StringComparison.Ordinal) ? row.Id[..^PredictionRecord.ShadowSuffix.Length] : row.Id] = row;
        }

        return answers;
    }

    private static double[] OneHot(string label, Dictionary<string, int> classes)
    {
        var scores = new double[classes.Count];
        if (classes.TryGetValue(label, out var index))
        {
            scores[index] = 1;
        }

        return scores;
    }
}

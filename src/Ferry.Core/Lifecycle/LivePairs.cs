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
internal sealed class LivePairs
{
    /// <summary>The latest logged rows of each version read (a run's stages judge fewer rows than this).</summary>
    private const int Window = 20_000;

    private readonly Dictionary<int, LoggedPrediction[]> _labelled;
    private readonly Dictionary<int, LoggedPrediction[]> _logged;

    private LivePairs(Dictionary<int, LoggedPrediction[]> labelled, Dictionary<int, LoggedPrediction[]> logged) =>
        (_labelled, _logged) = (labelled, logged);

    /// <summary>Reads, once, the two versions' rows logged since <paramref name="since"/>: their own labelled answers, and
    /// every answer, their own and those given in shadow.</summary>
    public static LivePairs Read(IMonitoringStore store, string model, int champion, int challenger, DateTimeOffset since)
    {
        int[] versions = [champion, challenger];
        return new LivePairs(
            versions.Distinct().ToDictionary(v => v, v => store.Labelled(model, v, Window).Where(row => row.At >= since).ToArray()),
            versions.Distinct().ToDictionary(v => v, v => store.Recent(model, v, Window).Where(row => row.At >= since).ToArray()));
    }

    /// <summary>Both versions' answers on the labelled rows both answered.</summary>
    /// <param name="manifest">The manifest whose classes (or target) the answers are read against: the champion's.</param>
    /// <param name="champion">The version on the champion's side of the test.</param>
    /// <param name="challenger">The version on the challenger's side.</param>
    public PairedAnswers Pairs(ModelManifest manifest, int champion, int challenger)
    {
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in _labelled.Values.SelectMany(rows => rows).Where(row => row.Actual is not null))
        {
            actual[row.Id] = row.Actual!;
        }

        var first = Answers(champion);
        var second = Answers(challenger);
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
    /// <param name="version">The version.</param>
    /// <param name="health">The store's health of the versions since then (for the failed requests).</param>
    public VersionHealth Served(int version, IReadOnlyList<VersionHealth> health)
    {
        var rows = _logged[version].ToLookup(row => IsShadow(row.Id));
        var answered = rows[false].Count();
        var measured = answered >= LiveJudge.MinimumRequests ? rows[false] : rows[true];
        var latencies = measured.Select(row => row.LatencyMs).Order().ToArray();
        var errors = health.FirstOrDefault(h => h.Version == version)?.Errors ?? 0;
        return new VersionHealth(version, latencies.Length, errors, Statistics.NearestRank(latencies, 0.5), Statistics.NearestRank(latencies, 0.95),
            Statistics.NearestRank(latencies, 0.99), 0, answered + errors == 0 ? 0 : (double)errors / (answered + errors), null);
    }

    /// <summary>How many of the version's own answers since the stage began have their feedback.</summary>
    public int Labelled(int version) => _labelled[version].Length;

    private static bool IsShadow(string id) => id.EndsWith(PredictionRecord.ShadowSuffix, StringComparison.Ordinal);

    /// <summary>A version's answers, its own and those it gave in shadow, by the id feedback names.</summary>
    private Dictionary<string, LoggedPrediction> Answers(int version)
    {
        var answers = new Dictionary<string, LoggedPrediction>(StringComparer.Ordinal);
        foreach (var row in _logged[version])
        {
            answers[IsShadow(row.Id) ? row.Id[..^PredictionRecord.ShadowSuffix.Length] : row.Id] = row;
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

using Ferry.Core.Evaluation;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>The one rule for who becomes champion, applied by `ferry train`, `ferry retrain`, `ferry models promote` and
/// POST /v1/models/{name}/promote alike: the candidate meets its success metric, fits its latency budget, and is no worse
/// than the champion it replaces (strictly better when both were scored on the same rows). With both models' answers on
/// the same rows row by row (a retrain's recent held-out rows), it must beat the champion by the minimum improvement and
/// significantly (a paired test, p &lt; 0.05 two-sided, the gain its own); when those rows could not show significance
/// even if every differing row favoured it, the decision waits for labels.</summary>
public static class PromotionPolicy
{
    public static PromotionDecision Decide(PromotionCase candidate)
    {
        var manifest = candidate.Manifest;
        var metric = manifest.SuccessMetric;
        var version = $"v{manifest.Version}";
        var score = candidate.Score;
        if (!metric.IsMetBy(score))
        {
            return Reject(candidate, $"{version} did not meet its success metric ({metric.Name} = {score:0.####} {candidate.JudgedOn}, needs {metric.Threshold:0.####})");
        }

        if (!manifest.ConstraintsMet)
        {
            return Reject(candidate, $"{version} is over its latency budget (p99 {manifest.Latency.P99Ms:0.###} ms > {manifest.Constraints.LatencyMs} ms)");
        }

        if (candidate.Champion is { } champion && champion.Metric == metric.Name)
        {
            if (champion.SameRows && candidate.Paired is { } paired)
            {
                return Gate(candidate, champion, paired);
            }

            if (champion.SameRows && !metric.IsBetter(score, champion.Score))
            {
                return Reject(candidate, $"{version} is not better than v{champion.Version} {candidate.JudgedOn}");
            }

            if (!champion.SameRows && metric.IsBetter(champion.Score, score))
            {
                return Reject(candidate, $"{version} is worse than v{champion.Version} ({metric.Name} {score:0.####} against {champion.Score:0.####}, each on its own test rows)");
            }

            return new(PromotionVerdict.Promote, $"{version} beats v{champion.Version} {candidate.JudgedOn}", score, champion.Score);
        }

        return new(PromotionVerdict.Promote, $"{version} meets its success metric {candidate.JudgedOn}", score, candidate.Champion?.Score);
    }

    /// <summary>An operator's promotion: the version becomes champion if the rule allows it (the champion comparison is
    /// the operator's to make), or whatever it scored with <paramref name="force"/>; its bundle must load either way.</summary>
    /// <exception cref="FerryException">Not found (no such version) or refused (the rule, or a bundle that does not load).</exception>
    public static ModelVersion Promote(ModelRegistry registry, string name, int version, DateTimeOffset at, bool force)
    {
        registry.Find(name, version);
        var manifest = registry.Load(name, version).Manifest;
        var decision = Decide(PromotionCase.OnTestRows(manifest));
        if (!force && !decision.Promote)
        {
            throw new FerryException(FerryErrorKind.Refused, $"model '{name}' {decision.Reason}; promote it anyway with --force");
        }

        return registry.SetChampion(name, version, at);
    }

    private static PromotionDecision Reject(PromotionCase candidate, string reason) =>
        new(PromotionVerdict.Reject, reason, candidate.Score, candidate.Champion?.Score);

    private static PromotionDecision Gate(PromotionCase candidate, ChampionScore champion, PairedAnswers paired)
    {
        var metric = candidate.Manifest.SuccessMetric;
        var version = $"v{candidate.Manifest.Version}";
        var test = PairedTests.For(metric.Name, paired, candidate.Seed);
        var scores = $"{metric.Name} {candidate.Score:0.####} against {champion.Score:0.####} {candidate.JudgedOn}";
        var evidence = $"{test.Name} on {test.Rows} rows, {test.Discordant} differing, {test.PValueText}";
        PromotionDecision Decision(PromotionVerdict verdict, string reason) => new(verdict, reason, candidate.Score, champion.Score, test);
        if (!double.IsFinite(candidate.Score) || !double.IsFinite(champion.Score))
        {
            return Decision(PromotionVerdict.Wait, $"{version} waits for labels: {metric.Name} is undefined on the {test.Rows} held-out rows "
                + $"(for example roc_auc when they hold one class only) ({scores})");
        }

        if (!test.CanDecide)
        {
            return Decision(PromotionVerdict.Wait, $"{version} waits for labels: it and v{champion.Version} differ on {test.Discordant} of {test.Rows} "
                + $"held-out rows, too few for the {test.Name} test to reach p < {PairedTest.Alpha} ({scores})");
        }

        var gain = metric.IsBetter(candidate.Score, champion.Score) ? Math.Abs(candidate.Score - champion.Score) : -Math.Abs(candidate.Score - champion.Score);
        if (gain <= 0 || gain < candidate.MinImprovement)
        {
            var margin = candidate.MinImprovement > 0 ? $" by min_improvement {candidate.MinImprovement:0.####}" : "";
            return Decision(PromotionVerdict.Reject, $"{version} is not better than v{champion.Version}{margin} ({scores}; {evidence})");
        }

        return test.Significant
            ? Decision(PromotionVerdict.Promote, $"{version} beats v{champion.Version} significantly ({scores}; {evidence})")
            : Decision(PromotionVerdict.Reject, $"{version} is not significantly better than v{champion.Version} ({scores}; {evidence}, needs < {PairedTest.Alpha})");
    }
}

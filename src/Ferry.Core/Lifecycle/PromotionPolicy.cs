using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>The one rule for who becomes champion, applied by `ferry train`, `ferry retrain`, `ferry models promote` and
/// POST /v1/models/{name}/promote alike: the candidate meets its success metric, fits its latency budget, and is no worse
/// than the champion it replaces (strictly better when both were scored on the same rows).</summary>
public static class PromotionPolicy
{
    public static PromotionDecision Decide(PromotionCase candidate)
    {
        var manifest = candidate.Manifest;
        var metric = manifest.SuccessMetric;
        var version = $"v{manifest.Version}";
        if (!metric.IsMetBy(candidate.Score))
        {
            return new(false, $"{version} did not meet its success metric ({metric.Name} = {candidate.Score:0.####} {candidate.JudgedOn}, needs {metric.Threshold:0.####})");
        }

        if (!manifest.ConstraintsMet)
        {
            return new(false, $"{version} is over its latency budget (p99 {manifest.Latency.P99Ms:0.###} ms > {manifest.Constraints.LatencyMs} ms)");
        }

        if (candidate.Champion is { } champion && champion.Metric == metric.Name)
        {
            if (champion.SameRows && !metric.IsBetter(candidate.Score, champion.Score))
            {
                return new(false, $"{version} is not better than v{champion.Version} {candidate.JudgedOn}");
            }

            if (!champion.SameRows && metric.IsBetter(champion.Score, candidate.Score))
            {
                return new(false, $"{version} is worse than v{champion.Version} ({metric.Name} {candidate.Score:0.####} against {champion.Score:0.####}, each on its own test rows)");
            }

            return new(true, $"{version} beats v{champion.Version} {candidate.JudgedOn}");
        }

        return new(true, $"{version} meets its success metric {candidate.JudgedOn}");
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
}

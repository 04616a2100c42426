namespace Ferry.Core.Spec;

/// <summary>`monitor:`: how served predictions are watched.</summary>
public sealed record MonitorSpec
{
    public static MonitorSpec Default { get; } = new();

    /// <summary>How often the server judges the served model.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The latest predictions compared with the training reference for drift.</summary>
    public int Window { get; init; } = 1000;

    /// <summary>Labelled predictions per point of the performance-over-time series and for the performance alerts.</summary>
    public int PerformanceWindow { get; init; } = 500;

    /// <summary>The most predictions the store keeps (the oldest are pruned, with their feedback).</summary>
    public int Keep { get; init; } = 1_000_000;

    public DriftThresholds Drift { get; init; } = DriftThresholds.Default;

    /// <summary>The alert rules; null when `alerts:` is absent, so defaults derived from the spec apply.</summary>
    public IReadOnlyList<AlertRule>? Alerts { get; init; }

    /// <summary>Where alerts are POSTed as JSON when they open and when they resolve.</summary>
    public Uri? Webhook { get; init; }

    /// <summary>The JSON shape of what is POSTed to <see cref="Webhook"/>.</summary>
    public WebhookFormat WebhookFormat { get; init; } = WebhookFormat.Ferry;

    /// <summary>The dashboard as people reach it (behind a proxy, its public address), linked from every webhook's text;
    /// null: the address the server listens on.</summary>
    public Uri? DashboardUrl { get; init; }
}

/// <summary>`monitor.drift:`: when a feature, the predictions and the whole data set count as drifted.</summary>
/// <param name="PValue">Kolmogorov-Smirnov, chi-square and z-test: drift below this p-value (reference of at most 1000 rows).</param>
/// <param name="Wasserstein">Normalized Wasserstein distance at or above which a numeric feature drifted (larger references).</param>
/// <param name="JensenShannon">Jensen-Shannon distance at or above which a categorical feature drifted (larger references).</param>
/// <param name="PsiWarn">PSI at or above which a feature is flagged.</param>
/// <param name="PsiDrift">PSI at or above which a feature is called drifted by PSI.</param>
/// <param name="Share">The share of drifted features at or above which the data set drifted.</param>
/// <param name="ConceptDrop">How far the live metric may fall below the test metric (absolute; relative for rmse and mae)
/// before a fall without input drift is reported as suspected concept drift.</param>
public sealed record DriftThresholds(double PValue, double Wasserstein, double JensenShannon, double PsiWarn, double PsiDrift, double Share, double ConceptDrop)
{
    public static DriftThresholds Default { get; } = new(0.05, 0.1, 0.1, 0.1, 0.25, 0.5, 0.05);
}

/// <summary>One alert rule: its name (such as accuracy_below) and threshold (1 for the on/off rules stale and concept_drift).</summary>
public sealed record AlertRule(string Name, double Threshold);

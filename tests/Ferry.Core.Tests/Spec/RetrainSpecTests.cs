using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Spec;

public sealed class RetrainSpecTests
{
    private static ProblemSpec Parse(string yaml) => MinimalSpec.With(yaml);

    [Theory]
    [InlineData("retrain: { trigger: 3 }", "unknown key 'trigger' in 'retrain' (allowed: on, every, min_labels, window, source, min_improvement, shadow, canary, bake, max_per_day)")]
    [InlineData("retrain: { on: [rmse_above] }", "'retrain.on' has 'rmse_above' but a binary-classification alert rule must be one of: accuracy_below, f1_below")]
    [InlineData("retrain: { on: { accuracy_below: 1 } }", "'retrain.on' must be a list")]
    [InlineData("retrain: { every: weekly }", "'retrain.every' is 'weekly' but must be a duration such as 12h, 7d or 2w")]
    [InlineData("retrain: { min_labels: 0 }", "'retrain.min_labels' is 0 but must be a whole number of labelled rows, at least 1")]
    [InlineData("retrain: { min_labels: lots }", "'retrain.min_labels' must be a whole number, found 'lots'")]
    [InlineData("retrain: { window: -5 }", "'retrain.window' is -5 but must be a positive number of labelled rows or a duration")]
    [InlineData("retrain: { window: recent }", "'retrain.window' is 'recent' but must be a number of labelled rows such as 10000 or a duration such as 30d")]
    [InlineData("retrain: { source: spec }", "'retrain.source' is 'spec' but must be one of: both, production")]
    [InlineData("retrain: { min_improvement: -0.1 }", "'retrain.min_improvement' is -0.1 but must be 0 or more (a margin in the success metric's units)")]
    [InlineData("retrain: { min_improvement: 1e999 }", "but must be a finite number")]
    [InlineData("retrain: { every: 99999999w }", "retrain.every")]
    [InlineData("retrain: { min_improvement: some }", "'retrain.min_improvement' must be a number, found 'some'")]
    [InlineData("retrain: { shadow: -1 }", "'retrain.shadow' is -1 but must be a whole number of labelled rows (0 skips the shadow), at least 0")]
    [InlineData("retrain: { canary: 0.1 }", "'retrain.canary' must be a mapping of keys to values")]
    [InlineData("retrain: { canary: { share: 1.5 } }", "'retrain.canary.share' is 1.5 but must be a fraction between 0 and 1 (exclusive), such as 0.1")]
    [InlineData("retrain: { canary: { rows: -1 } }", "'retrain.canary.rows' is -1 but must be a whole number of labelled rows (0 skips the canary), at least 0")]
    [InlineData("retrain: { canary: { portion: 0.1 } }", "unknown key 'portion' in 'retrain.canary' (allowed: share, rows)")]
    [InlineData("retrain: { bake: 1.5 }", "'retrain.bake' must be a whole number, found '1.5'")]
    [InlineData("retrain: { max_per_day: 0 }", "'retrain.max_per_day' is 0 but must be a whole number of retrains, at least 1")]
    [InlineData("monitor: { every: soon }", "'monitor.every' is 'soon' but must be a duration such as 30s, 5m or 1h")]
    [InlineData("monitor: { every: 0s }", "'monitor.every' is '0s' but must be a duration such as 30s, 5m or 1h")]
    public void Parse_BadRetrainValue_NamesKeyLineAndAllowedValues(string yaml, string expected)
    {
        var message = Assert.Throws<FerryException>(() => Parse(yaml)).Message;

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("ferry.yaml line 6", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RetrainSection_ReadsEveryKey()
    {
        var spec = Parse("""
            retrain:
              on: [accuracy_below, concept_drift, accuracy_below]
              every: 7d
              min_labels: 300
              window: 30d
              source: production
              min_improvement: 0.02
              shadow: 0
              canary: { share: 0.25, rows: 100 }
              bake: 50
              max_per_day: 2
            """);

        var retrain = spec.Retrain;
        Assert.Equal(["accuracy_below", "concept_drift"], retrain.On);
        Assert.Equal(TimeSpan.FromDays(7), retrain.Every);
        Assert.Equal(300, retrain.MinLabels);
        Assert.Equal(new RetrainWindow(null, TimeSpan.FromDays(30)), retrain.Window);
        Assert.Equal(RetrainSource.Production, retrain.Source);
        Assert.Equal(0.02, retrain.MinImprovement);
        Assert.Equal(0, retrain.Shadow);
        Assert.Equal(new CanarySpec(0.25, 100), retrain.Canary);
        Assert.Equal(50, retrain.Bake);
        Assert.Equal(2, retrain.MaxPerDay);
        Assert.True(retrain.StartsByItself);
    }

    [Fact]
    public void Parse_WithoutRetrainSection_RetrainsByHandOnlyAndPromotesAtOnce()
    {
        var retrain = Parse("").Retrain;

        Assert.False(retrain.StartsByItself);
        Assert.Equal(50, retrain.MinLabels);
        Assert.Equal(RetrainWindow.All, retrain.Window);
        Assert.Equal(RetrainSource.Both, retrain.Source);
        Assert.Equal(0, retrain.MinImprovement);
        Assert.Equal([0, 0, 0], [retrain.Shadow, retrain.Canary.Rows, retrain.Bake]);
    }

    [Fact]
    public void Parse_OnGiven_AutopilotDefaultsApplyWhereTheSpecSaysNothing()
    {
        var retrain = Parse("retrain: { on: [concept_drift], bake: 0 }").Retrain;

        Assert.Equal(200, retrain.MinLabels);
        Assert.Equal(new RetrainWindow(10_000, null), retrain.Window);
        Assert.Equal(200, retrain.Shadow);
        Assert.Equal(new CanarySpec(0.1, 500), retrain.Canary);
        Assert.Equal(0, retrain.Bake);
        Assert.Equal(4, retrain.MaxPerDay);
    }

    [Fact]
    public void Parse_EveryGiven_StartsByItselfWithAutopilotDefaults()
    {
        var retrain = Parse("retrain: { every: 12h }").Retrain;

        Assert.True(retrain.StartsByItself);
        Assert.Equal(RetrainSpec.Autopilot with { On = retrain.On, Every = TimeSpan.FromHours(12) }, retrain);
        Assert.Empty(retrain.On);
    }

    [Fact]
    public void Parse_SectionWithoutOnOrEvery_KeepsByHandDefaultsButTheKeysItSets()
    {
        var retrain = Parse("retrain: { window: 500, canary: { share: 0.2 } }").Retrain;

        Assert.False(retrain.StartsByItself);
        Assert.Equal(new RetrainWindow(500, null), retrain.Window);
        Assert.Equal(new CanarySpec(0.2, 500), retrain.Canary);
        Assert.Equal(0, retrain.Shadow);
        Assert.Equal(50, retrain.MinLabels);
    }

    [Fact]
    public void Parse_RegressionRetrainOn_TakesItsOwnRules()
    {
        var spec = MinimalSpec.With("retrain: { on: [rmse_above, concept_drift] }", "regression");

        Assert.Equal(["rmse_above", "concept_drift"], spec.Retrain.On);
    }

    [Theory]
    [InlineData("", 30)]
    [InlineData("monitor: { every: 45s }", 45)]
    [InlineData("monitor: { every: 2m }", 120)]
    public void Parse_MonitorEvery_IsADurationDefaulting30Seconds(string yaml, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse(yaml).Monitor.Every);
    }
}

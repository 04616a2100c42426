using Ferry.Core.Evaluation;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>Windows drawn from the training distribution itself must not look drifted: with the tests (reference of at
/// most 1000 rows) each feature errs at the 5% level, so two of four together are rare; with the distances (larger
/// reference) sampling noise stays far below 0.1.</summary>
public sealed class FalseAlarmTests
{
    [Theory]
    [InlineData(800)]
    [InlineData(5000)]
    public void DatasetDrift_HundredWindowsFromTheTrainingDistribution_AtMostFiveDrift(int referenceRows)
    {
        var scenario = new DriftScenario(seed: referenceRows);
        var reference = Reference(scenario.Draw(referenceRows, shifted: false));

        var drifted = Enumerable.Range(0, 100).Count(_ => Compare(reference, scenario.Draw(1000, shifted: false)).DatasetDrift);

        Assert.InRange(drifted, 0, 5);
    }

    [Theory]
    [InlineData(800)]
    [InlineData(5000)]
    public void DatasetDrift_HundredThousandRowsFromTheTrainingDistribution_DoesNotDrift(int referenceRows)
    {
        var scenario = new DriftScenario(seed: referenceRows + 1);
        var reference = Reference(scenario.Draw(referenceRows, shifted: false));

        var summary = Compare(reference, scenario.Draw(100_000, shifted: false));

        Assert.False(summary.DatasetDrift, string.Join("; ", summary.Features.Select(f => $"{f.Column} {f.Test} {f.Statistic} {f.PValue}")));
    }

    [Theory]
    [InlineData(800)]
    [InlineData(5000)]
    public void DatasetDrift_ShiftedWindow_DriftsWithTheShiftedFeaturesFirst(int referenceRows)
    {
        var scenario = new DriftScenario(seed: referenceRows + 2);
        var reference = Reference(scenario.Draw(referenceRows, shifted: false));

        var summary = Compare(reference, scenario.Draw(1000, shifted: true));

        Assert.True(summary.DatasetDrift);
        Assert.Equal(["x1", "x2"], summary.Features.Take(2).Select(f => f.Column).Order());
        Assert.All(summary.Features.Take(2), f => Assert.True(f.Drifted));
    }

    [Fact]
    public void DatasetDrift_AHandfulOfRows_CallsThePsiTooFewRowsNotDrift()
    {
        var scenario = new DriftScenario(seed: 8);
        var reference = Reference(scenario.Draw(1000, shifted: false));

        var few = Compare(reference, scenario.Draw(3, shifted: false));
        var enough = Compare(reference, scenario.Draw(1000, shifted: false));

        Assert.All(few.Features, f => Assert.Equal("too few rows", f.PsiLevel));
        Assert.All(enough.Features, f => Assert.Equal("ok", f.PsiLevel));
    }

    private static ReferenceProfile Reference(IReadOnlyList<DriftScenario.Row> rows) => new(rows.Count,
        [
            ReferenceProfiler.Numeric("x1", [.. rows.Select(r => r.X1)]),
            ReferenceProfiler.Numeric("x2", [.. rows.Select(r => r.X2)]),
            ReferenceProfiler.Numeric("x3", [.. rows.Select(r => r.X3)]),
            ReferenceProfiler.Category("c", [.. rows.Select(r => r.C)]),
        ], null);

    private static DriftSummary Compare(ReferenceProfile reference, IReadOnlyList<DriftScenario.Row> rows) => DatasetDrift.Compare(reference,
        [
            new LiveColumn("x1", [.. rows.Select(r => r.X1)], null),
            new LiveColumn("x2", [.. rows.Select(r => r.X2)], null),
            new LiveColumn("x3", [.. rows.Select(r => r.X3)], null),
            new LiveColumn("c", null, [.. rows.Select(r => r.C)]),
        ], null, rows.Count, DriftThresholds.Default);
}

using System.Globalization;
using Ferry.Core.Storage;
using ScottPlot;

namespace Ferry.Core.Monitoring;

/// <summary>The monitoring charts, drawn with ScottPlot as inline SVG.</summary>
internal static class MonitoringCharts
{
    private const int Width = 620;
    private const int Height = 320;

    /// <summary>The watched metric per labelled window, the CBPE estimate beside it, the test value as a line.</summary>
    public static string Performance(PerformanceSummary performance)
    {
        var plot = new Plot();
        var xs = performance.Windows.Select(w => (double)w.Index + 1).ToArray();
        var realized = plot.Add.ScatterLine(xs, [.. performance.Windows.Select(w => w.Metrics.GetValueOrDefault(performance.Metric, double.NaN))]);
        realized.LegendText = $"{performance.Metric} (labelled)";
        if (performance.Windows.Any(w => w.EstimatedAccuracy is not null))
        {
            var estimated = plot.Add.ScatterLine(xs, [.. performance.Windows.Select(w => w.EstimatedAccuracy ?? double.NaN)]);
            estimated.LegendText = "estimated accuracy (CBPE)";
            estimated.LinePattern = LinePattern.Dotted;
        }

        if (!double.IsNaN(performance.Test))
        {
            var test = plot.Add.HorizontalLine(performance.Test);
            test.LegendText = "test set";
            test.LinePattern = LinePattern.Dashed;
            test.Color = Colors.Gray;
        }

        plot.Title($"{performance.Metric} over time");
        plot.XLabel("window of labelled predictions");
        plot.ShowLegend();
        return Svg(plot);
    }

    /// <summary>Each feature's drift score: 1 - p for the tests, the distance for the distances; drifted ones in red.</summary>
    public static string Drift(DriftSummary drift)
    {
        var plot = new Plot();
        var shown = drift.Features.Take(20).Reverse().ToArray();
        var bars = shown.Select((f, i) => new Bar
        {
            Position = i,
            Value = f.PValue is { } p ? 1 - p : f.Statistic,
            FillColor = f.Drifted ? Colors.Crimson : Colors.SteelBlue,
        }).ToArray();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, shown.Length).Select(i => (double)i)], [.. shown.Select(f => f.Column)]);
        plot.Title($"Drift per feature ({drift.Drifted} of {drift.Features.Count} drifted)");
        plot.XLabel("1 - p-value (tests) or distance");
        return Svg(plot);
    }

    /// <summary>Training and live shares of one feature over the same bins or categories.</summary>
    public static string Histogram(FeatureDrift feature)
    {
        var plot = new Plot();
        var labels = feature.Histogram.Labels;
        var training = plot.Add.Bars([.. labels.Select((_, i) => (double)i * 3)], feature.Histogram.Reference.ToArray());
        training.LegendText = "training";
        var live = plot.Add.Bars([.. labels.Select((_, i) => (double)i * 3 + 1)], feature.Histogram.Current.ToArray());
        live.LegendText = "live";
        plot.Axes.Bottom.SetTicks([.. labels.Select((_, i) => (double)i * 3 + 0.5)], [.. labels]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Title($"{feature.Column}: {feature.Test} {(feature.Drifted ? "drifted" : "no drift")}, PSI {feature.Psi.ToString("0.###", CultureInfo.InvariantCulture)}");
        plot.YLabel("share");
        plot.ShowLegend();
        return Svg(plot);
    }

    /// <summary>Latency percentiles and throughput of each version.</summary>
    public static string Health(IReadOnlyList<VersionHealth> health)
    {
        var plot = new Plot();
        string[] names = ["p50", "p95", "p99"];
        for (var k = 0; k < names.Length; k++)
        {
            var values = health.Select(h => k == 0 ? h.P50Ms : k == 1 ? h.P95Ms : h.P99Ms).ToArray();
            var bars = plot.Add.Bars([.. health.Select((_, i) => i * 4.0 + k)], values);
            bars.LegendText = $"{names[k]} ms";
        }

        plot.Axes.Bottom.SetTicks([.. health.Select((_, i) => i * 4.0 + 1)],
            [.. health.Select(h => $"v{h.Version}: {h.Throughput.ToString("0.#", CultureInfo.InvariantCulture)}/s, {h.ErrorRate:P1} errors")]);
        plot.Title("Latency per version (last hour)");
        plot.YLabel("milliseconds");
        plot.ShowLegend();
        return Svg(plot);
    }

    private static string Svg(Plot plot) => plot.GetSvgXml(Width, Height);
}

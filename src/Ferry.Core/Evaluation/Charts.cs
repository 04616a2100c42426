using ScottPlot;

namespace Ferry.Core.Evaluation;

/// <summary>The report's charts, drawn with ScottPlot as PNG bytes.</summary>
internal static class Charts
{
    private const int Width = 640;
    private const int Height = 420;

    public static byte[] ConfusionHeatmap(int[][] confusion, IReadOnlyList<string> classes)
    {
        var plot = new Plot();
        var k = classes.Count;
        var largest = Math.Max(1, confusion.Max(row => row.Max()));
        var shades = new double[k, k];
        for (var a = 0; a < k; a++)
        {
            for (var p = 0; p < k; p++)
            {
                // ScottPlot's Blues runs dark to light, so larger counts get lower intensities: dark cells, many rows.
                shades[a, p] = -confusion[a][p];
            }
        }

        var heatmap = plot.Add.Heatmap(shades);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        for (var a = 0; a < k; a++)
        {
            for (var p = 0; p < k; p++)
            {
                var label = plot.Add.Text(confusion[a][p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, k - 1 - a);
                label.LabelFontSize = 18;
                label.LabelBold = true;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = confusion[a][p] > largest / 2 ? Colors.White : Colors.Black;
            }
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, k).Select(i => (double)i)], [.. classes]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, k).Select(i => (double)(k - 1 - i))], [.. classes]);
        plot.Title("Confusion matrix (test part)");
        plot.XLabel("predicted");
        plot.YLabel("actual");
        return Png(plot);
    }

    public static byte[] Lines(string title, string xLabel, string yLabel, IEnumerable<(string Name, double[] X, double[] Y)> series, bool diagonal)
    {
        var plot = new Plot();
        foreach (var (name, xs, ys) in series)
        {
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = name;
        }

        if (diagonal)
        {
            var chance = plot.Add.Line(0, 0, 1, 1);
            chance.LinePattern = LinePattern.Dashed;
            chance.Color = Colors.Gray;
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        return Png(plot);
    }

    public static byte[] Scatter(string title, string xLabel, string yLabel, double[] xs, double[] ys, bool identity)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 4;
        if (identity && xs.Length > 0)
        {
            var (low, high) = (Math.Min(xs.Min(), ys.Min()), Math.Max(xs.Max(), ys.Max()));
            var line = plot.Add.Line(low, low, high, high);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return Png(plot);
    }

    public static byte[] HorizontalBars(string title, string xLabel, IReadOnlyList<(string Label, double Value)> bars)
    {
        var plot = new Plot();
        var shown = bars.Take(15).Reverse().ToArray();
        var series = plot.Add.Bars([.. shown.Select(b => b.Value)]);
        series.Horizontal = true;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, shown.Length).Select(i => (double)i)], [.. shown.Select(b => b.Label)]);
        plot.Title(title);
        plot.XLabel(xLabel);
        return Png(plot);
    }

    private static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}

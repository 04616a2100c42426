using System.Globalization;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>The tables `train` and `evaluate` both print.</summary>
internal static class MetricTables
{
    public static Table Confusion(IReadOnlyList<string> classes, int[][] confusion)
    {
        var matrix = new Table().Title("Confusion matrix").AddColumn("actual \\ predicted");
        foreach (var label in classes)
        {
            matrix.AddColumn(Markup.Escape(label));
        }

        foreach (var (label, row) in classes.Zip(confusion))
        {
            matrix.AddRow([Markup.Escape(label), .. row.Select(count => count.ToString(CultureInfo.InvariantCulture))]);
        }

        return matrix;
    }

    public static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.####", CultureInfo.InvariantCulture);
}

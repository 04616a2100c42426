using System.Globalization;
using System.Text;

namespace Ferry.Testing;

/// <summary>Generated data with a known answer: y = 1 when x1 + x2 + noise > 0, plus a pure-noise number x3 and a
/// category c. In the base distribution the noise's sd is 0.46, so the best accuracy is about 0.90; the shifted one
/// moves x1 up and x2 down by one sd each (the boundary distance is unchanged, half the features drift) and raises the
/// noise sd to 1.4, so the same model falls to about 0.75. The concept shift keeps the inputs as they were and only
/// raises the noise: the same fall in accuracy with no drift in any input.</summary>
internal sealed class DriftScenario(int seed)
{
    private readonly Random _random = new(seed);

    public sealed record Row(double X1, double X2, double X3, string C, string Label)
    {
        public string Json => string.Create(CultureInfo.InvariantCulture, $"{{\"x1\": {X1:R}, \"x2\": {X2:R}, \"x3\": {X3:R}, \"c\": \"{C}\"}}");
    }

    public Row Draw(bool shifted, bool conceptOnly = false)
    {
        var x1 = Normal() + (shifted && !conceptOnly ? 1 : 0);
        var x2 = Normal() - (shifted && !conceptOnly ? 1 : 0);
        var noise = Normal() * (shifted ? 1.4 : 0.46);
        var c = (_random.Next(3)) switch { 0 => "red", 1 => "green", _ => "blue" };
        return new Row(x1, x2, Normal(), c, x1 + x2 + noise > 0 ? "yes" : "no");
    }

    public IReadOnlyList<Row> Draw(int count, bool shifted, bool conceptOnly = false) => [.. Enumerable.Range(0, count).Select(_ => Draw(shifted, conceptOnly))];

    /// <summary>Writes 3000 base rows as train.csv and a logistic spec for model <paramref name="name"/> watched in windows
    /// of 1000 rows (500 for performance), alerting below 0.8 accuracy and above half its inputs drifted, on
    /// <paramref name="webhook"/>; returns the spec's path.</summary>
    public string WriteWatchedSpec(TestFiles files, string name, Uri webhook)
    {
        WriteCsv(files.Path("train.csv"), 3000);
        return files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", name, string.Join("\n",
            "train: { candidates: [logistic] }",
            "monitor:",
            "  window: 1000",
            "  performance_window: 500",
            "  alerts: { accuracy_below: 0.8, drift_share_above: 0.5 }",
            $"  webhook: {webhook}"));
    }

    /// <summary>Writes <paramref name="count"/> base rows as a CSV with the label in column y.</summary>
    public void WriteCsv(string path, int count) => WriteCsv(path, Draw(count, shifted: false));

    /// <summary>Writes <paramref name="rows"/> as a CSV with the label in column y.</summary>
    public static void WriteCsv(string path, IEnumerable<Row> rows)
    {
        var csv = new StringBuilder("x1,x2,x3,c,y\n");
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.X1:R},{row.X2:R},{row.X3:R},{row.C},{row.Label}\n");
        }

        File.WriteAllText(path, csv.ToString());
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}

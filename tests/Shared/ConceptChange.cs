using System.Globalization;
using System.Text;

namespace Ferry.Testing;

/// <summary>Generated data whose concept changes, with a known answer: x1 and x2 are standard normal in both concepts,
/// x3 is noise; in concept A y = 1 when x1 + x2 + noise > 0, in concept B when x1 - x2 + noise > 0 (noise sd 0.2, so
/// the best accuracy is about 0.95 in either). The inputs never drift: a model of A answers B's rows right half the
/// time, and only a model retrained on B's labels does well on B again.</summary>
internal sealed class ConceptChange(int seed)
{
    private readonly Random _random = new(seed);

    public sealed record Row(double X1, double X2, double X3, string Label)
    {
        public string Json => string.Create(CultureInfo.InvariantCulture, $"{{\"x1\": {X1:R}, \"x2\": {X2:R}, \"x3\": {X3:R}}}");
    }

    public IReadOnlyList<Row> Draw(int count, bool changed) => [.. Enumerable.Range(0, count).Select(_ => Draw(changed))];

    /// <summary>Writes <paramref name="count"/> rows of concept A as a CSV with the label in column y.</summary>
    public void WriteCsv(string path, int count)
    {
        var csv = new StringBuilder("x1,x2,x3,y\n");
        foreach (var row in Draw(count, changed: false))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.X1:R},{row.X2:R},{row.X3:R},{row.Label}\n");
        }

        File.WriteAllText(path, csv.ToString());
    }

    private Row Draw(bool changed)
    {
        var (x1, x2) = (Normal(), Normal());
        var score = (changed ? x1 - x2 : x1 + x2) + (0.2 * Normal());
        return new Row(x1, x2, Normal(), score > 0 ? "yes" : "no");
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}

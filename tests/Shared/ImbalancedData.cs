using System.Globalization;
using System.Text;
using Ferry.Core.Lifecycle;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;

namespace Ferry.Testing;

/// <summary>A generated binary table with a known answer: P(y = yes | x) = sigmoid(2.5x - 5) with x standard normal, so
/// about 6% of rows are yes and no threshold separates the classes; `noise` is independent of y.</summary>
internal static class ImbalancedData
{
    public static IReadOnlyList<(double X, double Noise, bool Yes)> Draw(int rows, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows).Select(_ =>
        {
            var x = Normal(random);
            return (x, Normal(random), random.NextDouble() < 1 / (1 + Math.Exp(-(2.5 * x - 5))));
        })];
    }

    public static string Csv(int rows, int seed)
    {
        var csv = new StringBuilder("x,noise,y\n");
        foreach (var (x, noise, yes) in Draw(rows, seed))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{x:R},{noise:R},{(yes ? "yes" : "no")}\n");
        }

        return csv.ToString();
    }

    public static TrainingOutcome Train(TestFiles files, string metric, string candidate)
    {
        files.Write("imbalanced.csv", Csv(3000, 5));
        var spec = SpecLoader.Load(files.Write("ferry.yaml", $"""
            name: imbalanced
            type: binary-classification
            data: {"{"} source: imbalanced.csv {"}"}
            target: y
            success_metric: {"{"} name: {metric} {"}"}
            train: {"{"} candidates: [{candidate}] {"}"}
            """));
        return new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);
    }

    public static InputRow Row(double x, double noise)
    {
        var row = new InputRow(2);
        row.SetNumber(0, x);
        row.SetNumber(1, noise);
        return row;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

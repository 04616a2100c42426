using System.Globalization;
using System.Text;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>A category column of distinct values (an id) is left out of the default inputs, `ferry train` says so and
/// why, `features.encode` keeps it; on generated rows whose answer is known: y is "yes" when 2 x + the colour's effect
/// plus logistic noise is above 0, and the id (a unique code per row) says nothing.</summary>
public sealed class IdentifierColumnTests
{
    private const int Rows = 600;

    /// <summary>The rows, and per row whether the Bayes rule (the sign of 2 x + effect) says "yes".</summary>
    private static (string Csv, bool[] Bayes) Generated()
    {
        var random = new Random(23);
        var colours = new[] { "red", "green", "blue" };
        var effects = new[] { 1.0, -1.0, 0.0 };
        var csv = new StringBuilder("id,x,colour,y\n");
        var bayes = new bool[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var (x, colour) = (random.NextDouble() * 4 - 2, random.Next(colours.Length));
            var u = random.NextDouble();
            var signal = 2 * x + effects[colour];
            bayes[i] = signal > 0;
            var y = signal + Math.Log(u / (1 - u)) > 0 ? "yes" : "no";
            csv.Append(CultureInfo.InvariantCulture, $"P{random.Next(100_000, 999_999)}-{i},{x:R},{colours[colour]},{y}\n");
        }

        return (csv.ToString(), bayes);
    }

    [Fact]
    public async Task Train_UniqueIdBesideASignal_LeavesTheIdOutSaysWhyAndScoresNearTheBayesRule()
    {
        using var files = new TestFiles();
        var (csv, bayes) = Generated();
        var data = files.Write("d.csv", csv);
        var spec = files.WriteSpec(data, "y", "binary-classification", "ids");

        var result = await CliRunner.RunAsync("train", spec);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Left out of the inputs: id (nearly every value is distinct", result.Out, StringComparison.Ordinal);
        Assert.Contains("features: { encode: { id: one-hot } }", result.Out, StringComparison.Ordinal);
        var manifest = BundleFile.ReadManifest(files.Path(".ferry/models/ids/v1/model.ferry"));
        Assert.Equal(["id"], manifest.Preparation.IdentifierColumns);
        Assert.Equal(["x", "colour"], manifest.Inputs.Select(input => input.Name));
        var labels = File.ReadLines(data).Skip(1).Select(line => line[(line.LastIndexOf(',') + 1)..] == "yes").ToArray();
        var bayesAccuracy = labels.Where((label, i) => label == bayes[i]).Count() / (double)Rows;
        Assert.True(manifest.Metrics["accuracy"] >= bayesAccuracy - 0.06, $"test accuracy {manifest.Metrics["accuracy"]} against the Bayes rule's {bayesAccuracy} on every row");
    }

    [Fact]
    public async Task Predict_RowsWithTheLeftOutId_AreScoredAsWithout()
    {
        using var files = new TestFiles();
        var (csv, _) = Generated();
        var spec = files.WriteSpec(files.Write("d.csv", csv), "y", "binary-classification", "ids");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(21).Select(line => line[..line.LastIndexOf(',')]).ToArray();
        var withId = files.Write("with.csv", string.Join('\n', lines) + "\n");
        var withoutId = files.Write("without.csv", string.Join('\n', lines.Select(line => line[(line.IndexOf(',') + 1)..])) + "\n");
        await CliRunner.RunAsync("train", spec);

        var first = await CliRunner.RunAsync("predict", spec, "--input", withId, "--output", files.Path("with-out.csv"));
        var second = await CliRunner.RunAsync("predict", spec, "--input", withoutId, "--output", files.Path("without-out.csv"));

        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(second.ExitCode == 0, second.All);
        var (scoredWith, scoredWithout) = (TableLoader.Load(files.Path("with-out.csv")), TableLoader.Load(files.Path("without-out.csv")));
        Assert.Equal(20, scoredWith.RowCount);
        Assert.Equal(Column(scoredWithout, "probability_yes"), Column(scoredWith, "probability_yes"));
    }

    [Fact]
    public async Task Train_IdNamedInFeaturesEncode_KeepsIt()
    {
        using var files = new TestFiles();
        var (csv, _) = Generated();
        var spec = files.WriteSpec(files.Write("d.csv", csv), "y", "binary-classification", "ids", "features: { encode: { id: one-hot } }");

        var result = await CliRunner.RunAsync("train", spec);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain("Left out of the inputs", result.Out, StringComparison.Ordinal);
        var manifest = BundleFile.ReadManifest(files.Path(".ferry/models/ids/v1/model.ferry"));
        Assert.Empty(manifest.Preparation.IdentifierColumns);
        Assert.Equal(["id", "x", "colour"], manifest.Inputs.Select(input => input.Name));
    }

    private static string[] Column(DataTable table, string name)
    {
        var index = table.IndexOf(name);
        return table.Columns[index].Kind == ColumnKind.Category
            ? [.. table.Texts(index).Select(cell => cell ?? "")]
            : [.. table.Numbers(index).Select(value => value.ToString("R", CultureInfo.InvariantCulture))];
    }
}

using System.Globalization;
using System.Text;
using Ferry.Core.Bundles;
using Ferry.Core.Evaluation;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>Many columns and few rows: importance and latency are bounded by columns as well as rows.</summary>
public sealed class WideDataTests
{
    /// <summary>5,000 columns of uniform noise beside x0, and y = 2 x0: training finishes, importance is computed for
    /// the inputs most associated with y (at most <see cref="PermutationImportance.MaxInputs"/>) and names x0 first.</summary>
    [Fact]
    public async Task Train_FiveThousandColumnsTwentyRows_FinishesAndImportanceNamesTheInformativeColumn()
    {
        using var files = new TestFiles();
        var random = new Random(11);
        var csv = new StringBuilder("x0");
        for (var c = 1; c < 5000; c++)
        {
            csv.Append(CultureInfo.InvariantCulture, $",n{c}");
        }

        csv.Append(",y\n");
        for (var r = 0; r < 20; r++)
        {
            var x0 = random.NextDouble() * 10;
            csv.Append(x0.ToString("F4", CultureInfo.InvariantCulture));
            for (var c = 1; c < 5000; c++)
            {
                csv.Append(CultureInfo.InvariantCulture, $",{random.NextDouble() * 10:F3}");
            }

            csv.Append(CultureInfo.InvariantCulture, $",{2 * x0:F4}\n");
        }

        var spec = files.WriteSpec(files.Write("wide.csv", csv.ToString()), "y", "regression", "wide", "train: { candidates: [tree] }");

        var result = await CliRunner.RunAsync("train", spec);

        Assert.Equal(0, result.ExitCode);
        var manifest = BundleFile.ReadManifest(files.Path(".ferry/models/wide/v1/model.ferry"));
        Assert.Equal(PermutationImportance.MaxInputs, manifest.Importance.Count);
        Assert.Equal("x0", manifest.Importance[0].Feature);
        Assert.True(manifest.Importance[0].Importance > 0);
    }
}

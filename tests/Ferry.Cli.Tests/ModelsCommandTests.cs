using System.IO.Compression;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class ModelsCommandTests
{
    private static async Task<string> TrainTwiceAsync(TestFiles files)
    {
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        return spec;
    }

    private static async Task<int?> ChampionAsync(string spec)
    {
        var list = await CliRunner.RunAsync("models", "list", spec, "--json");
        var champion = JsonDocument.Parse(list.Out).RootElement.GetProperty("champion");
        return champion.ValueKind == JsonValueKind.Null ? null : champion.GetInt32();
    }

    [Fact]
    public async Task PromoteThenRollback_MovesTheChampionAndBack()
    {
        using var files = new TestFiles();
        var spec = await TrainTwiceAsync(files);
        Assert.Equal(2, await ChampionAsync(spec));

        var promote = await CliRunner.RunAsync("models", "promote", spec, "1");
        var afterPromote = await ChampionAsync(spec);
        var rollback = await CliRunner.RunAsync("models", "rollback", spec);

        Assert.Equal(0, promote.ExitCode);
        Assert.Equal(1, afterPromote);
        Assert.Equal(0, rollback.ExitCode);
        Assert.Equal(2, await ChampionAsync(spec));
    }

    [Fact]
    public async Task Promote_VersionWhoseBundleWasRewritten_FailsWithOneLineAndTheRunningServerKeepsItsChampion()
    {
        using var files = new TestFiles();
        var spec = await TrainTwiceAsync(files);
        using var server = await ServeProcess.StartAsync(spec);
        var path = files.Path(".ferry/models/iris/v1/model.ferry");
        BundleTampering.ReverseClasses(path, resign: true);

        var result = await CliRunner.RunAsync("models", "promote", spec, "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains($"model 'iris' v1: {path} does not match its checksum (it is not the bundle that was registered: expected SHA-256 ", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, await ChampionAsync(spec));
        var ready = JsonDocument.Parse(await server.Client.GetStringAsync("/health/ready")).RootElement;
        Assert.Equal(2, ready.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Rollback_WithNoEarlierChampion_SaysSoAndKeepsTheChampion()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        await CliRunner.RunAsync("train", spec);

        var result = await CliRunner.RunAsync("models", "rollback", spec);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("had no champion before v1", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, await ChampionAsync(spec));
    }

    [Fact]
    public async Task Promote_VersionThatMissedItsSuccessMetric_NeedsForce()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            "success_metric: { name: accuracy, threshold: 1.01 }\ntrain: { candidates: [logistic] }");
        Assert.Equal(2, (await CliRunner.RunAsync("train", spec)).ExitCode);
        Assert.Null(await ChampionAsync(spec));

        var refused = await CliRunner.RunAsync("models", "promote", spec, "1");
        var forced = await CliRunner.RunAsync("models", "promote", spec, "1", "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("did not meet its success metric", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(1, await ChampionAsync(spec));
    }

    [Fact]
    public async Task Promote_TamperedBundle_IsRefusedAndTheChampionStays()
    {
        using var files = new TestFiles();
        var spec = await TrainTwiceAsync(files);
        var bundle = files.Path(".ferry/models/iris/v1/model.ferry");
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("model.zip")!;
            using var stream = entry.Open();
            stream.Seek(100, SeekOrigin.Begin);
            stream.WriteByte(0x42);
        }

        var result = await CliRunner.RunAsync("models", "promote", spec, "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not match its checksum", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, await ChampionAsync(spec));
    }

    [Fact]
    public async Task Predict_TruncatedBundle_IsRefusedWithAClearMessage()
    {
        using var files = new TestFiles();
        var spec = await TrainTwiceAsync(files);
        var bundle = files.Path(".ferry/models/iris/v2/model.ferry");
        var bytes = File.ReadAllBytes(bundle);
        File.WriteAllBytes(bundle, bytes[..(bytes.Length / 2)]);

        var result = await CliRunner.RunAsync("predict", bundle, "--input", TestFiles.Data("iris.csv"), "--output", files.Path("out.csv"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a readable Ferry model bundle", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_IsTheManifestOfTheVersion()
    {
        using var files = new TestFiles();
        var spec = await TrainTwiceAsync(files);

        var result = await CliRunner.RunAsync("models", "show", spec, "1", "--json");

        var manifest = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(1, manifest.GetProperty("version").GetInt32());
        Assert.Equal("logistic", manifest.GetProperty("candidate").GetString());
        Assert.Equal(4, manifest.GetProperty("inputs").GetArrayLength());
    }

    [Fact]
    public async Task Show_VersionNoRunTrained_PrintsTheManifestsDataFingerprintAndSpecHash()
    {
        using var files = new TestFiles();
        var spec = await TrainTwiceAsync(files);
        var manifest = JsonDocument.Parse((await CliRunner.RunAsync("models", "show", spec, "1", "--json")).Out).RootElement;

        var result = await CliRunner.RunAsync("models", "show", spec, "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Lineage: data {manifest.GetProperty("dataFingerprint").GetString()}, spec {manifest.GetProperty("specHash").GetString()}.",
            result.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
    }
}

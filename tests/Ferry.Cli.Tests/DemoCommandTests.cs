using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_TrainsServesPredictsAndTakesFeedback()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");

        var result = await CliRunner.RunAsync("demo", spec);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"label\": \"setosa\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("200 {\"accepted\":1,\"unchanged\":0,\"replaced\":0,\"unknownIds\":[],\"conflicts\":[]}", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 prediction(s) logged, 1 labelled", result.Out, StringComparison.Ordinal);
        Assert.Contains("Server stopped.", result.Out, StringComparison.Ordinal);
    }
}

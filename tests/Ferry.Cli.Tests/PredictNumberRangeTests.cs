using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>`ferry predict` with numbers a feature cannot hold (features are 32-bit floats): a user error naming the
/// file, line and column, exit 1, and no output file; as the server answers 400 for the same numbers.</summary>
public sealed class PredictNumberRangeTests : IAsyncLifetime, IDisposable
{
    private readonly TestFiles _files = new();
    private string _spec = "";

    public async Task InitializeAsync()
    {
        _spec = _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", _spec)).ExitCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Predict_FloatThatOverflowsOncePrepared_NamesFileLineAndColumn()
    {
        var input = _files.Write("input.csv", "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n5.0,3.4e38,1.4,0.2\n");

        var result = await CliRunner.RunAsync("predict", _spec, "--input", input, "--output", _files.Path("out.csv"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("input.csv line 3 column 'sepal width (cm)' is too large for this model", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_files.Path("out.csv")));
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("-3.5e38")]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    [InlineData("Infinity")]
    [InlineData("1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Predict_NumberAFeatureCannotHold_NamesFileLineAndColumn(string number)
    {
        var input = _files.Write("input.csv", $"sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n5.0,{number},1.4,0.2\n");

        var result = await CliRunner.RunAsync("predict", _spec, "--input", input, "--output", _files.Path("out.csv"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("input.csv line 3 column 'sepal width (cm)': expected a finite number a 32-bit float can hold", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(_files.Path("out.csv")));
    }
}

using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class BadInputTests
{
    private static void AssertUserError(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(1, result.ExitCode);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, result.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_MissingDataFile_NamesTheFile()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Path("absent.csv"), "y", "regression");

        AssertUserError(await CliRunner.RunAsync("train", spec), "data file not found", "absent.csv");
    }

    [Fact]
    public async Task Train_TargetColumnAbsent_NamesTargetAndColumns()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "species", "multiclass-classification");

        AssertUserError(await CliRunner.RunAsync("train", spec), "target column 'species' is not in the data", "petal width (cm)");
    }

    [Fact]
    public async Task Train_EmptyFile_SaysSo()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("empty.csv", ""), "y", "regression");

        AssertUserError(await CliRunner.RunAsync("train", spec), "empty.csv: the file is empty");
    }

    [Fact]
    public async Task Train_ThreeHundredCharacterName_IsRefusedBeforeAnyTraining()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", new string('m', 300));

        AssertUserError(await CliRunner.RunAsync("train", spec), "ferry.yaml line 1", "'name' is 300 characters long but must be at most 64");
        Assert.False(Directory.Exists(files.Path(".ferry")));
    }

    [Theory]
    [InlineData("x,y\n1,a\n")]
    [InlineData("x,y\n1,a\n2,b\n")]
    public async Task Train_FewerThanThreeRows_SaysTrainingNeedsThree(string csv)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("tiny.csv", csv), "x", "regression");

        AssertUserError(await CliRunner.RunAsync("train", spec), "tiny.csv:", "but training needs at least 3 (2 to fit on, 1 to test)");
    }

    [Fact]
    public async Task Train_ThreeRowsOfThreeClasses_TrainsAndTestsOnOneRow()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("tiny.csv", "x,y\n1,a\n2,b\n3,c\n"), "y", "multiclass-classification");

        var result = await CliRunner.RunAsync("train", spec);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("scored once on 1 held-out rows", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_OneClassTarget_NamesTheClass()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("one.csv", "x,y\n1,a\n2,a\n3,a\n4,a\n"), "y", "binary-classification");

        AssertUserError(await CliRunner.RunAsync("train", spec), "one.csv: target column 'y' has 1 distinct values (a)");
    }

    [Fact]
    public async Task Train_TrainingPartOfOneClass_SaysAClassifierNeedsTwo()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("skewed.csv", "x,y\n1,a\n2,a\n3,a\n4,a\n5,b\n"), "y", "binary-classification", "m",
            "split: { test: 0.2, stratify: false, seed: 4 }");

        AssertUserError(await CliRunner.RunAsync("train", spec), "skewed.csv: every training row has the same class 'a'");
    }

    [Fact]
    public async Task Train_BoostedWithNoPossibleSplit_SaysWhatToChange()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("few.csv", "x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n"), "y", "binary-classification", "m",
            "train: { candidates: [boosted] }");

        AssertUserError(await CliRunner.RunAsync("train", spec), "candidate 'boosted' found no split to make", "min_samples_leaf = 20");
    }

    [Fact]
    public async Task Train_RaggedRow_NamesFileAndLine()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(files.Write("ragged.csv", "x,y\n1,2\n3,4\n5\n6,7\n"), "y", "regression");

        AssertUserError(await CliRunner.RunAsync("train", spec), "ragged.csv line 4: expected 2 fields as in the header, found 1");
    }

    [Fact]
    public async Task Train_UnknownSpecKey_NamesKeyAndAllowedKeys()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "colour: blue");

        AssertUserError(await CliRunner.RunAsync("train", spec), "unknown key 'colour'", "allowed: name, objective, type");
    }

    [Fact]
    public async Task Train_StoreUrlNotValid_NamesTheKey()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "store: postgres://");

        AssertUserError(await CliRunner.RunAsync("train", spec), "'store'", "is not a valid PostgreSQL URL");
    }

    [Fact]
    public async Task Models_StoreServerDown_SaysWhichStoreCannotBeReachedWithoutItsPassword()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "store: postgres://ferry:s3cret@127.0.0.1:1/ferry");

        var result = await CliRunner.RunAsync("models", "list", spec);

        AssertUserError(result, "the store postgres://***@127.0.0.1:1/ferry cannot be reached");
        Assert.DoesNotContain("s3cret", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_NonNumericRegressionTarget_SaysWhatWasFound()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "regression");

        AssertUserError(await CliRunner.RunAsync("train", spec), "regression target column 'target' must be numeric", "'setosa'");
    }

    [Fact]
    public async Task Predict_NonNumericValueInNumericColumn_NamesLineAndColumn()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        await CliRunner.RunAsync("train", spec);
        var input = files.Write("input.csv", "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n5.0,wide,1.4,0.2\n");

        var result = await CliRunner.RunAsync("predict", spec, "--input", input, "--output", files.Path("out.csv"));

        AssertUserError(result, "input.csv line 3 column 'sepal width (cm)': expected a number, found 'wide'");
        Assert.False(File.Exists(files.Path("out.csv")));
    }

    [Fact]
    public async Task Predict_InputMissingAColumn_NamesTheColumn()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        await CliRunner.RunAsync("train", spec);
        var input = files.Write("input.csv", "sepal length (cm),sepal width (cm),petal length (cm)\n5.1,3.5,1.4\n");

        var result = await CliRunner.RunAsync("predict", spec, "--input", input, "--output", files.Path("out.csv"));

        AssertUserError(result, "missing column(s) 'petal width (cm)'");
    }

    [Fact]
    public async Task Predict_NoModelTrainedYet_SaysHowToGetOne()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");

        var result = await CliRunner.RunAsync("predict", spec, "--input", TestFiles.Data("iris.csv"), "--output", files.Path("out.csv"));

        AssertUserError(result, "model 'iris' has no champion version", "ferry train");
    }

    [Fact]
    public async Task Predict_MissingOption_IsAParseError()
    {
        var result = await CliRunner.RunAsync("predict", "ferry.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--input", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_OutputInAFolderThatDoesNotExist_IsOneLineNamingThePath()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        await CliRunner.RunAsync("train", spec);

        var result = await CliRunner.RunAsync("predict", spec, "--input", TestFiles.Data("iris.csv"), "--output", files.Path("absent/out.csv"));

        AssertUserError(result, "error: ", "absent");
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Predict_OutputIsADirectory_IsOneLineNamingIt()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        await CliRunner.RunAsync("train", spec);
        Directory.CreateDirectory(files.Path("taken"));

        var result = await CliRunner.RunAsync("predict", spec, "--input", TestFiles.Data("iris.csv"), "--output", files.Path("taken"));

        AssertUserError(result, "error: ", "taken");
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Train_StoreIsAFile_IsOneLineNamingIt()
    {
        using var files = new TestFiles();
        var store = files.Write("store-file", "not a directory");
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", $"store: {store}\ntrain: {{ candidates: [logistic] }}");

        var result = await CliRunner.RunAsync("train", spec);

        AssertUserError(result, "store-file is a file; a SQLite store is a directory");
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}

using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Spec;

public sealed class BudgetSpecTests
{
    [Theory]
    [InlineData("0s")]
    [InlineData("25h")]
    [InlineData("soon")]
    [InlineData("-5s")]
    public void Parse_BadBudget_NamesTheKeyAndTheAllowedRange(string budget)
    {
        var message = Assert.Throws<FerryException>(() => MinimalSpec.With($"train: {{ budget: {budget} }}")).Message;

        Assert.Contains($"'train.budget' is '{budget}' but must be a duration above 0 and at most 24h", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Budget_IsTheDuration()
    {
        var spec = MinimalSpec.With("train: { budget: 90s }");

        Assert.Equal(TimeSpan.FromSeconds(90), spec.Budget);
    }

    [Fact]
    public void Parse_NoBudget_LeavesItToTheData()
    {
        var spec = MinimalSpec.With("train: { search: { cv: 3 } }");

        Assert.Null(spec.Budget);
    }

    [Fact]
    public void Parse_NamedCandidates_SearchTheGridAsBefore()
    {
        var spec = MinimalSpec.With("train: { candidates: [forest], search: { cv: 3 } }");

        Assert.Equal(SearchSpec.Grid, spec.Search.Kind);
        Assert.True(spec.CandidatesNamed);
    }

    [Fact]
    public void Parse_NoCandidates_SearchesByHalving()
    {
        var spec = MinimalSpec.With("train: { search: { cv: 3 } }");

        Assert.Equal(SearchSpec.Halving, spec.Search.Kind);
        Assert.Equal(SearchSpec.HalvingIterations, spec.Search.Iterations);
    }

    [Fact]
    public void Parse_KindHalvingWithCandidates_SearchesThemByHalving()
    {
        var spec = MinimalSpec.With("train: { candidates: [forest], search: { kind: halving, n_iter: 9 } }");

        Assert.Equal(SearchSpec.Halving, spec.Search.Kind);
        Assert.Equal(9, spec.Search.Iterations);
    }

    [Fact]
    public void Parse_BudgetWithCandidates_SearchesThemByHalvingWithinIt()
    {
        var spec = MinimalSpec.With("train: { candidates: [forest, boosted], budget: 20s }");

        Assert.Equal(SearchSpec.Halving, spec.Search.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), spec.Budget);
    }

    [Theory]
    [InlineData("grid")]
    [InlineData("random")]
    public void Parse_BudgetWithGridOrRandom_IsRefusedNamingBothKeys(string kind)
    {
        var message = Assert.Throws<FerryException>(() => MinimalSpec.With($"train: {{ candidates: [forest], budget: 20s, search: {{ kind: {kind} }} }}")).Message;

        Assert.Contains($"'train.budget' bounds a halving search, but 'train.search.kind' is {kind}", message, StringComparison.Ordinal);
    }
}

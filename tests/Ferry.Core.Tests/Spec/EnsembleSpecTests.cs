namespace Ferry.Core.Tests.Spec;

public sealed class EnsembleSpecTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("train: { candidates: [logistic, forest] }", true)]
    [InlineData("train: { ensemble: true }", true)]
    [InlineData("train: { ensemble: false }", false)]
    public void Parse_TrainEnsemble_IsOnUnlessTurnedOff(string yaml, bool expected)
    {
        Assert.Equal(expected, MinimalSpec.With(yaml).Ensemble);
    }

    [Fact]
    public void Parse_TrainEnsembleNotABoolean_NamesTheKeyAndLine()
    {
        var message = Assert.Throws<FerryException>(() => MinimalSpec.With("train: { ensemble: sometimes }")).Message;

        Assert.Contains("'train.ensemble' must be true or false, found 'sometimes'", message, StringComparison.Ordinal);
        Assert.Contains("ferry.yaml line 6", message, StringComparison.Ordinal);
    }
}

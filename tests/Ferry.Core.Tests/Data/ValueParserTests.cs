using Ferry.Core.Data;

namespace Ferry.Core.Tests.Data;

public sealed class ValueParserTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("NA")]
    [InlineData("n/a")]
    [InlineData("NaN")]
    [InlineData("NULL")]
    [InlineData("None")]
    [InlineData("?")]
    [InlineData("  null  ")]
    [InlineData("\tNA")]
    [InlineData("None\r")]
    public void IsMissing_TokensWithAnyCaseAndSurroundingSpace_AreMissing(string? cell) => Assert.True(ValueParser.IsMissing(cell));

    [Theory]
    [InlineData("0")]
    [InlineData("NAN1")]
    [InlineData("nulls")]
    [InlineData("None.")]
    [InlineData("N/A!")]
    [InlineData("12.345")]
    [InlineData("not available")]
    [InlineData("?? ")]
    public void IsMissing_OtherCells_AreValues(string cell) => Assert.False(ValueParser.IsMissing(cell));
}

using System.Globalization;
using Ferry.Core.Data;
using Ferry.Testing;

namespace Ferry.Core.Tests.Data;

public sealed class CategoryColumnTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(70_000)]
    public void Set_ManyDistinctValues_WidensCodesAndKeepsEveryCell(int distinct)
    {
        var cells = Enumerable.Range(0, distinct * 2).Select(i => i % 7 == 3 ? null : $"v{(i * 7919) % distinct}").ToArray();

        var column = CategoryColumn.From(cells);

        Assert.Equal(cells, column);
        Assert.Equal(cells.OfType<string>().Distinct().Count(), column.Values.Count);
        Assert.All(Enumerable.Range(0, cells.Length), row => Assert.Equal(cells[row] is null ? 0 : column.CodeOf(cells[row]!), column.Code(row)));
    }

    [Fact]
    public void SetCode_CopiesACellsCode_AfterWidening()
    {
        var column = CategoryColumn.From([.. Enumerable.Range(0, 300).Select(i => i.ToString(CultureInfo.InvariantCulture)), null]);

        column.SetCode(300, column.Code(299));

        Assert.Equal("299", column[300]);
    }

    [Fact]
    public void Load_CsvCategories_AreCodesIntoFirstSeenValues()
    {
        using var files = new TestFiles();
        var path = files.Write("colors.csv", "color,n\nred,1\n,2\nblue,3\nred,4\n");

        var column = TableLoader.Load(path).Texts(0);

        Assert.Equal(["red", "blue"], column.Values);
        Assert.Equal([1, 0, 2, 1], Enumerable.Range(0, 4).Select(column.Code));
        Assert.Equal(0, column.CodeOf("green"));
    }
}

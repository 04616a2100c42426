using Ferry.Core.Data;
using Ferry.Testing;

namespace Ferry.Core.Tests.Data;

public sealed class TableLoaderTests
{
    [Fact]
    public void Load_Iris_KeepsColumnNamesWithSpacesAndParentheses()
    {
        var table = TableLoader.Load(TestFiles.Data("iris.csv"));

        Assert.Equal(150, table.RowCount);
        Assert.Equal("sepal length (cm)", table.Columns[0].Name);
        Assert.Equal(ColumnKind.Number, table.Columns[0].Kind);
        Assert.Equal(5.1f, table.Numbers(0)[0]);
        Assert.Equal(ColumnKind.Category, table.Columns[4].Kind);
    }

    [Fact]
    public void Load_MixedColumns_InfersNumberBooleanDateAndCategory()
    {
        using var files = new TestFiles();
        var path = files.Write("mixed.csv", "n,b,d,c\n1.5,true,2024-01-31,red\n,false,2024-02-01,\n-3,TRUE,,blue\n");

        var table = TableLoader.Load(path);

        Assert.Equal([ColumnKind.Number, ColumnKind.Boolean, ColumnKind.Date, ColumnKind.Category], table.Columns.Select(c => c.Kind));
        Assert.True(double.IsNaN(table.Numbers(0)[1]));
        Assert.Equal([1, 0, 1], table.Numbers(1));
        Assert.Equal(1.0, table.Numbers(2)[1] - table.Numbers(2)[0]);
        Assert.Null(table.Texts(3)[1]);
    }

    [Fact]
    public void Load_CategoryColumnsRequested_KeepsNumbersAsText()
    {
        using var files = new TestFiles();
        var path = files.Write("labels.csv", "x,y\n1,0\n2,1\n");

        var table = TableLoader.Load(path, new HashSet<string> { "y" });

        Assert.Equal(["0", "1"], table.Texts(1).Select(text => text!));
    }

    [Fact]
    public void Load_RaggedRow_NamesFileAndLine()
    {
        using var files = new TestFiles();
        var path = files.Write("ragged.csv", "a,b,c\n1,2,3\n4,5\n");

        var message = Assert.Throws<FerryException>(() => TableLoader.Load(path)).Message;

        Assert.Equal("ragged.csv line 3: expected 3 fields as in the header, found 2", message);
    }

    [Fact]
    public void Load_HundredThousandColumns_LoadsEveryColumn()
    {
        using var files = new TestFiles();
        var names = Enumerable.Range(0, 100_000).Select(c => $"c{c}").ToArray();
        var path = files.Write("wide.csv", string.Join(",", names) + "\n" + string.Join(",", names.Select((_, c) => c)) + "\n");

        var table = TableLoader.Load(path);

        Assert.Equal(names, table.Columns.Select(c => c.Name));
        Assert.Equal(99_999f, table.Numbers(99_999)[0]);
    }

    [Fact]
    public void Load_EmptyFile_SaysAHeaderIsExpected()
    {
        using var files = new TestFiles();
        var path = files.Write("empty.csv", "");

        var message = Assert.Throws<FerryException>(() => TableLoader.Load(path)).Message;

        Assert.Contains("empty.csv: the file is empty", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeaderOnly_SaysThereAreNoRows()
    {
        using var files = new TestFiles();
        var path = files.Write("header.csv", "a,b\n");

        var message = Assert.Throws<FerryException>(() => TableLoader.Load(path)).Message;

        Assert.Contains("no data rows", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EntirelyEmptyColumn_NamesItAndSaysHowToDropIt()
    {
        using var files = new TestFiles();
        var path = files.Write("hollow.csv", "a,b,c\n1,,x\n2,NA,y\n");

        var message = Assert.Throws<FerryException>(() => TableLoader.Load(path)).Message;

        Assert.Equal("hollow.csv: column 'b' is entirely empty (2 rows, no values); remove it with features.drop", message);
    }

    [Fact]
    public void Load_SemicolonSeparatedCsv_IsDetectedFromTheHeader()
    {
        using var files = new TestFiles();
        var path = files.Write("euro.csv", "a;b;c\n1;2,5;x\n");

        var table = TableLoader.Load(path);

        Assert.Equal(["a", "b", "c"], table.Columns.Select(c => c.Name));
        Assert.Equal("2,5", table.Texts(1)[0]);
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        using var files = new TestFiles();

        var message = Assert.Throws<FerryException>(() => TableLoader.Load(files.Path("nope.csv"))).Message;

        Assert.Contains("data file not found", message, StringComparison.Ordinal);
        Assert.Contains("nope.csv", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ByteOrderMark_IsNotPartOfTheFirstColumnName()
    {
        using var files = new TestFiles();
        var path = files.Path("bom.csv");
        File.WriteAllText(path, "a,b\n1,2\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("a", TableLoader.Load(path).Columns[0].Name);
    }
}

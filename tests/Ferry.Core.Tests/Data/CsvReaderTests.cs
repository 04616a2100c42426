using Ferry.Core.Data;

namespace Ferry.Core.Tests.Data;

public sealed class CsvReaderTests
{
    private static CsvRecord[] Read(string text, char separator = ',') =>
        [.. new CsvReader(new StringReader(text), separator, "t.csv").Records()];

    [Fact]
    public void Records_QuotedFieldsWithSeparatorsQuotesAndNewlines_AreKeptWhole()
    {
        var records = Read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n");

        Assert.Equal(["x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\nlines", "z"], records[2].Fields);
    }

    [Fact]
    public void Records_LineNumbers_CountEmbeddedNewlines()
    {
        var records = Read("a,b\n\"1\n2\",3\n4,5\n");

        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void Records_CrLfAndMissingFinalNewline_AreHandled()
    {
        var records = Read("a,b\r\n1,2\r\n3,4");

        Assert.Equal(3, records.Length);
        Assert.Equal(["3", "4"], records[2].Fields);
    }

    [Fact]
    public void Records_UnclosedQuote_NamesFileAndLine()
    {
        var message = Assert.Throws<FerryException>(() => Read("a,b\n1,\"open\n")).Message;

        Assert.Contains("t.csv line 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_TabSeparator_SplitsOnTabs()
    {
        Assert.Equal(["1", "2,5"], Read("a\tb\n1\t2,5\n", '\t')[1].Fields);
    }

    [Fact]
    public void Records_QuoteInsideAnUnquotedField_IsKeptAsText()
    {
        var records = Read("item,size\n12\" pizza,2\n5'11\",3\n");

        Assert.Equal(["12\" pizza", "2"], records[1].Fields);
        Assert.Equal(["5'11\"", "3"], records[2].Fields);
    }

    [Fact]
    public void Records_RandomFieldsWrittenAsRfc4180_ReadBackAsWritten()
    {
        var random = new Random(7);
        char[] alphabet = ['a', 'b', ',', '"', '\n', '\r', ' ', 'é'];
        var records = Enumerable.Range(0, 3000).Select(r => Enumerable.Range(0, random.Next(2, 6))
            .Select(_ => new string([.. Enumerable.Range(0, r % 500 == 0 ? 70_000 : random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]))
            .ToArray()).ToArray();
        var text = string.Concat(records.Select((fields, r) => string.Join(",", fields.Select(Quote)) + (r % 2 == 0 ? "\n" : "\r\n")));

        var read = Read(text);

        Assert.Equal(records.Length, read.Length);
        Assert.All(records.Zip(read), pair => Assert.Equal(pair.First, pair.Second.Fields));
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}

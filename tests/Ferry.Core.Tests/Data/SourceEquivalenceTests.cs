using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ferry.Core.Tests.Data;

/// <summary>Every source type loads the same small table (tests/data/sources/small.*) into identical columns and values.</summary>
public sealed class SourceEquivalenceTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Query = "SELECT id, height, colour, active, joined FROM people ORDER BY id";

    private static readonly string s_directory = TestFiles.Data("sources");

    private static DataTable Load(DataSpec data) => TableLoader.Load(data, s_directory, LoadOptions.None, CancellationToken.None);

    private static void AssertSameAsCsv(DataTable table)
    {
        var expected = Load(new DataSpec("small.csv"));
        Assert.Equal(expected.Columns, table.Columns);
        Assert.Equal(expected.RowCount, table.RowCount);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            if (expected.Columns[c].Kind == ColumnKind.Category)
            {
                Assert.Equal(expected.Texts(c).Select(t => t ?? "<null>"), table.Texts(c).Select(t => t ?? "<null>"));
            }
            else
            {
                Assert.Equal(expected.Numbers(c), table.Numbers(c));
            }
        }
    }

    [Fact]
    public void Csv_SmallTable_HasEveryKindAndMissingValues()
    {
        var table = Load(new DataSpec("small.csv"));

        Assert.Equal([ColumnKind.Number, ColumnKind.Number, ColumnKind.Category, ColumnKind.Boolean, ColumnKind.Date], table.Columns.Select(c => c.Kind));
        Assert.True(double.IsNaN(table.Numbers(1)[1]));
        Assert.Null(table.Texts(2)[2]);
    }

    [Theory]
    [InlineData("small.tsv")]
    [InlineData("small.json")]
    [InlineData("small.jsonl")]
    [InlineData("small.xlsx")]
    [InlineData("small.parquet")]
    public void File_SameTable_LoadsIdentically(string file) => AssertSameAsCsv(Load(new DataSpec(file)));

    [Fact]
    public void Parquet_ThreeRowGroups_ReadsEveryRowOfEveryTypeInOrder()
    {
        var table = Load(new DataSpec("groups.parquet"));

        Assert.Equal(2500, table.RowCount);
        Assert.Equal(["id", "x", "colour", "small", "price", "at"], table.Columns.Select(c => c.Name));
        Assert.Equal([ColumnKind.Number, ColumnKind.Number, ColumnKind.Category, ColumnKind.Number, ColumnKind.Number, ColumnKind.Date], table.Columns.Select(c => c.Kind));
        Assert.Equal(Enumerable.Range(1, 2500).Select(i => (float)i), table.Numbers(0));
        Assert.Equal(2500 * 2501 / 2 * 0.5, table.Numbers(1).Sum(v => (double)v));
        Assert.Equal(["c1", "c2", "c0"], table.Texts(2).Take(3));
        Assert.Equal(Enumerable.Range(1, 2500).Sum(i => i % 7), table.Numbers(3).Sum(v => (double)v));
        Assert.Equal(2500 * 2501 / 2 / 4.0, table.Numbers(4).Sum(v => (double)v));
    }

    [Fact]
    public void Parquet_ListColumn_IsNamedAndRefused()
    {
        var message = Assert.Throws<FerryException>(() => Load(new DataSpec("nested.parquet"))).Message;

        Assert.Equal("nested.parquet: column 'tags' is a list of values; Ferry reads flat columns (one value per row) only", message);
    }

    [Fact]
    public void Parquet_FileThatIsNotParquet_SaysSo()
    {
        using var files = new TestFiles();
        File.WriteAllText(files.Path("fake.parquet"), "id,x\n1,2\n");

        var message = Assert.Throws<FerryException>(() => TableLoader.Load(new DataSpec("fake.parquet"), files.Directory, LoadOptions.None, CancellationToken.None)).Message;

        Assert.StartsWith("fake.parquet: not a readable Parquet file", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Excel_SheetByName_LoadsThatSheet()
    {
        var table = Load(new DataSpec("small.xlsx", Sheet: "people"));

        AssertSameAsCsv(table);
    }

    [Fact]
    public void Excel_UnknownSheet_ListsTheSheets()
    {
        var message = Assert.Throws<FerryException>(() => Load(new DataSpec("small.xlsx", Sheet: "staff"))).Message;

        Assert.Equal("small.xlsx: there is no sheet 'staff' (sheets: people, notes)", message);
    }

    [Fact]
    public void Sqlite_Query_LoadsIdentically()
    {
        using var files = new TestFiles();
        var path = files.Path("small.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE people (id INTEGER, height REAL, colour TEXT, active TEXT, joined TEXT);
                INSERT INTO people VALUES (1, 1.5, 'red', 'true', '2024-01-31'), (2, NULL, 'blue', 'false', '2024-02-29'),
                    (3, -2.25, NULL, 'true', NULL), (4, 10, 'red', NULL, '2023-12-01');
                """;
            command.ExecuteNonQuery();
        }

        AssertSameAsCsv(Load(new DataSpec($"sqlite:{path}?query={Uri.EscapeDataString(Query)}")));
    }

    [Fact]
    public void Sqlite_BadQuery_ShowsTheDatabaseMessage()
    {
        using var files = new TestFiles();
        var path = files.Path("empty.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
        }

        var message = Assert.Throws<FerryException>(() => Load(new DataSpec($"sqlite:{path}", Query: "SELECT * FROM nowhere"))).Message;

        Assert.Contains("the database refused the query", message, StringComparison.Ordinal);
        Assert.Contains("no such table: nowhere", message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Postgres_Query_LoadsIdentically()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
        using (var connection = new NpgsqlConnection(Ferry.Core.Spec.PostgresUrl.ToConnectionString(postgres.Url)))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE IF EXISTS people;
                CREATE TABLE people (id integer, height double precision, colour text, active boolean, joined date);
                INSERT INTO people VALUES (1, 1.5, 'red', true, '2024-01-31'), (2, NULL, 'blue', false, '2024-02-29'),
                    (3, -2.25, NULL, true, NULL), (4, 10, 'red', NULL, '2023-12-01');
                """;
            command.ExecuteNonQuery();
        }

        AssertSameAsCsv(Load(new DataSpec(postgres.Url, Query: Query)));
    }

    [SkippableFact]
    public void Postgres_BadQuery_ShowsTheDatabaseMessage()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);

        var message = Assert.Throws<FerryException>(() => Load(new DataSpec(postgres.Url, Query: "SELECT * FROM nowhere"))).Message;

        Assert.Contains("relation \"nowhere\" does not exist", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Excel_NotAWorkbook_SaysTheFileIsNotReadable()
    {
        using var files = new TestFiles();
        var path = files.Write("fake.xlsx", "id,height\n1,2\n");

        var message = Assert.Throws<FerryException>(() => Load(new DataSpec(path))).Message;

        Assert.StartsWith("fake.xlsx: not a readable Excel workbook", message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_BrokenLine_NamesTheLine()
    {
        using var files = new TestFiles();
        var path = files.Write("broken.jsonl", "{\"a\": 1}\n{\"a\": 2\n");

        var message = Assert.Throws<FerryException>(() => Load(new DataSpec(path))).Message;

        Assert.StartsWith("broken.jsonl line 2: not valid JSON", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeclaredDateThatDoesNotParse_NamesLineAndColumn()
    {
        using var files = new TestFiles();
        var path = files.Write("dates.csv", "id,joined\n1,2024-01-31\n2,last tuesday\n");

        var message = Assert.Throws<FerryException>(() =>
            TableLoader.Load(new DataSpec(path), files.Directory, new LoadOptions { Dates = new HashSet<string> { "joined" } }, CancellationToken.None)).Message;

        Assert.Equal("dates.csv line 3 column 'joined': 'last tuesday' is not a date such as 2024-01-31", message);
    }

    [Fact]
    public void Load_UnsupportedExtension_ListsSupportedSources()
    {
        var message = Assert.Throws<FerryException>(() => Load(new DataSpec("data.avro"))).Message;

        Assert.Contains("'.avro' are not supported", message, StringComparison.Ordinal);
        Assert.Contains(".parquet", message, StringComparison.Ordinal);
        Assert.Contains("sqlite:PATH?query=", message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text;
using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Features;

/// <summary>Which category columns are left out as identifiers: more distinct values than 99% of the rows, from 50 rows.</summary>
public sealed class IdentifierColumnsTests
{
    /// <summary><paramref name="rows"/> rows: `id` distinct but for <paramref name="repeats"/> rows that repeat the
    /// first id, `code` a number that is distinct on every row, `size` one of three values.</summary>
    private static (DataTable Table, int[] Rows) Table(TestFiles files, int rows, int repeats)
    {
        var csv = new StringBuilder("id,code,size\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{(i < repeats ? "A-0" : $"A-{i}")},{i},{(i % 3 == 0 ? "small" : i % 3 == 1 ? "medium" : "large")}\n");
        }

        return (TableLoader.Load(files.Write("d.csv", csv.ToString())), [.. Enumerable.Range(0, rows)]);
    }

    private static string[] Found(DataTable table, int[] rows, FeatureSpec features) =>
        [.. IdentifierColumns.Find(table, [0, 1, 2], rows, features).Select(c => table.Columns[c].Name)];

    [Fact]
    public void Find_CategoryOfDistinctValues_IsLeftOut_NumbersAndRepeatedCategoriesAreNot()
    {
        using var files = new TestFiles();
        var (table, rows) = Table(files, 200, 0);

        Assert.Equal(["id"], Found(table, rows, FeatureSpec.Default));
    }

    [Fact]
    public void Find_DistinctOnExactly99PercentOfRows_IsKept_AboveIsLeftOut()
    {
        using var files = new TestFiles();
        var (kept, keptRows) = Table(files, 200, 3);
        var (left, leftRows) = Table(files, 200, 2);

        Assert.Empty(Found(kept, keptRows, FeatureSpec.Default));
        Assert.Equal(["id"], Found(left, leftRows, FeatureSpec.Default));
    }

    [Fact]
    public void Find_FewerThanFiftyRows_LeavesNothingOut()
    {
        using var files = new TestFiles();
        var (table, rows) = Table(files, IdentifierColumns.MinRows - 1, 0);

        Assert.Empty(Found(table, rows, FeatureSpec.Default));
    }

    [Fact]
    public void Find_ColumnNamedInFeaturesEncode_IsKept()
    {
        using var files = new TestFiles();
        var (table, rows) = Table(files, 200, 0);
        var features = FeatureSpec.Default with { Encode = new Dictionary<string, IReadOnlyList<string>?> { ["id"] = null } };

        Assert.Empty(Found(table, rows, features));
    }
}

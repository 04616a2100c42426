using Ferry.Core.Data;
using Ferry.Core.Spec;

namespace Ferry.Core.Features;

/// <summary>Category columns left out of the default features because nearly every row has its own value: names, ticket
/// or order numbers, ids. One-hot slots of values seen once cannot generalize (a new row's name is unseen), and the
/// first 100 such slots only give a search noise to fit. The rule is AutoGluon's DropUniqueFeatureGenerator: more distinct
/// values than <see cref="MaxDistinctShare"/> of the rows. It looks at no target value, only at how often values
/// repeat, as the kind of a column is read from every row. A column named in `features.encode` is always kept.</summary>
internal static class IdentifierColumns
{
    /// <summary>AutoGluon's max_unique_ratio.</summary>
    public const double MaxDistinctShare = 0.99;

    /// <summary>Below this many rows a column of distinct values says little (ten rows of ten colours are not ids), so
    /// no column is left out.</summary>
    public const int MinRows = 50;

    /// <summary>The columns among <paramref name="columns"/> to leave out, judged on <paramref name="rows"/>.</summary>
    public static int[] Find(DataTable table, IReadOnlyList<int> columns, IReadOnlyList<int> rows, FeatureSpec features) =>
        rows.Count < MinRows
            ? []
            : [.. columns.Where(c => table.Columns[c].Kind == ColumnKind.Category && !features.Encode.ContainsKey(table.Columns[c].Name)
                && Distinct(table.Texts(c), rows) > MaxDistinctShare * rows.Count)];

    private static int Distinct(CategoryColumn cells, IReadOnlyList<int> rows) => cells.CodeCounts(rows).Skip(1).Count(count => count > 0);
}

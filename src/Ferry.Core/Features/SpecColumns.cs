using Ferry.Core.Data;
using Ferry.Core.Spec;

namespace Ferry.Core.Features;

/// <summary>Checks the columns that `prepare:` and `features:` name against the loaded table.</summary>
internal static class SpecColumns
{
    public static void Check(ProblemSpec spec, DataTable table)
    {
        var prepare = spec.Prepare;
        var features = spec.Features;
        foreach (var column in prepare.Missing.Keys.Where(c => !features.Derive.ContainsKey(c)))
        {
            Exists(table, spec, "prepare.missing", column);
        }

        foreach (var column in prepare.Outliers.Keys.Concat(features.Bins.Keys).Concat(features.Log))
        {
            var where = prepare.Outliers.ContainsKey(column) ? "prepare.outliers" : features.Bins.ContainsKey(column) ? "features.bins" : "features.log";
            var info = Exists(table, spec, where, column);
            if (info.Kind != ColumnKind.Number)
            {
                throw new FerryException($"{where}: column '{column}' holds {Describe(info.Kind)}; only number columns can be used there");
            }
        }

        foreach (var column in features.Encode.Keys.Concat(features.Dates.Keys))
        {
            Exists(table, spec, features.Encode.ContainsKey(column) ? "features.encode" : "features.dates", column);
        }

        foreach (var name in features.Derive.Keys.Where(name => table.IndexOf(name) >= 0))
        {
            throw new FerryException($"features.derive: '{name}' is already a column of the data; give the derived column another name");
        }

        var inputs = table.Columns.Where(c => c.Name != spec.Target).ToArray();
        foreach (var (name, expression) in features.Derive)
        {
            DerivedColumns.Compile(name, expression, inputs);
        }
    }

    private static ColumnInfo Exists(DataTable table, ProblemSpec spec, string where, string column)
    {
        if (column == spec.Target)
        {
            throw new FerryException($"{where}: '{column}' is the target; the target is not prepared or engineered (rows without a target are dropped)");
        }

        var index = table.IndexOf(column);
        return index >= 0
            ? table.Columns[index]
            : throw new FerryException($"{where}: column '{column}' is not in the data (columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
    }

    private static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Category => "categories",
        ColumnKind.Boolean => "true/false values",
        ColumnKind.Date => "dates",
        _ => "numbers",
    };
}

using System.Globalization;
using System.Text;
using Ferry.Core.Spec;

namespace Ferry.Core.Data;

/// <summary>The ferry.yaml that `ferry init` writes from a profile of the data: the problem type read off the target,
/// a success metric that suits its class balance, missing-value rules for the columns that have gaps, identifiers and
/// constant columns dropped, date parts for date columns, and every choice explained in a comment.</summary>
public static class SpecDraft
{
    /// <summary>A numeric target with at most this many distinct whole values is taken as classes.</summary>
    private const int MaxNumericClasses = 10;

    /// <summary>A binary target whose smaller class is below this share gets f1 instead of accuracy.</summary>
    private const double ImbalancedShare = 0.3;

    /// <param name="table">The loaded data.</param>
    /// <param name="profile">Its profile.</param>
    /// <param name="source">The data source as the spec should name it (relative to the spec's directory).</param>
    /// <param name="target">The target column.</param>
    /// <param name="name">The model name, [a-z0-9-]+.</param>
    /// <param name="type">The problem type, or null to read it off the target.</param>
    public static string Write(DataTable table, TableProfile profile, string source, string target, string name, ProblemType? type)
    {
        var column = table.IndexOf(target);
        if (column < 0)
        {
            throw new FerryException($"{table.Source}: target column '{target}' is not in the data (columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
        }

        var targetProfile = profile.Columns[column];
        var (problem, why) = type is { } given ? (given, "given with --type") : InferType(table, column, targetProfile);
        var yaml = new StringBuilder();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# Drafted by `ferry init` from a profile of {table.Source} ({profile.Rows} rows, {profile.Columns.Count} columns). Edit freely.");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"name: {name}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"objective: {Quote($"Predict {target} from the other columns of {table.Source}")}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"type: {problem.ToName()}    # {why}");
        yaml.AppendLine("data:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  source: {Quote(source)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"target: {Quote(target)}");
        yaml.AppendLine(SuccessMetricLine(problem, table, column));
        var inputs = profile.Columns.Where((_, c) => c != column).ToArray();
        var dropped = inputs.Select(c => (Column: c, Why: DropReason(c, profile.Rows, table))).Where(pair => pair.Why is not null).ToArray();
        var kept = inputs.Where(c => dropped.All(pair => pair.Column != c)).ToArray();
        AppendPrepare(yaml, profile, kept);
        AppendFeatures(yaml, kept, dropped!);
        yaml.AppendLine(problem.IsClassification() ? "split: { test: 0.2, stratify: true, seed: 42 }" : "split: { test: 0.2, seed: 42 }");
        yaml.AppendLine("train:");
        yaml.AppendLine("  # budget: 60s    # without candidates every family is searched and ensembled within it (default from the rows)");
        yaml.AppendLine(problem.IsClassification()
            ? "  # candidates: [logistic, forest, boosted, mlp]    # also: tree; listed, each is cross-validated as set"
            : "  # candidates: [linear, forest, boosted, mlp]      # also: tree; listed, each is cross-validated as set");
        yaml.AppendLine("  search: { cv: 5 }");
        return yaml.ToString();
    }

    private static (ProblemType Type, string Why) InferType(DataTable table, int column, ColumnProfile target)
    {
        var values = target.Kind == ColumnKind.Category ? null : table.Numbers(column);
        var whole = values?.All(v => float.IsNaN(v) || v == MathF.Round(v)) ?? false;
        var distinct = $"target '{target.Name}' has {target.Distinct} distinct values";
        return target.Kind switch
        {
            ColumnKind.Date => throw new FerryException($"{table.Source}: target column '{target.Name}' holds dates; Ferry predicts classes or numbers"),
            _ when target.Distinct < 2 => throw new FerryException($"{table.Source}: target column '{target.Name}' has {target.Distinct} distinct value(s); a model needs at least two"),
            _ when target.Distinct == 2 => (ProblemType.BinaryClassification, distinct),
            ColumnKind.Category when target.Distinct <= Math.Max(MaxNumericClasses, table.RowCount / 20) => (ProblemType.MulticlassClassification, distinct),
            ColumnKind.Category => throw new FerryException($"{table.Source}: target column '{target.Name}' is text with {target.Distinct} distinct values in {table.RowCount} rows; say the problem type with --type"),
            ColumnKind.Number when whole && target.Distinct <= MaxNumericClasses => (ProblemType.MulticlassClassification, $"{distinct}, all whole numbers"),
            _ => (ProblemType.Regression, $"{distinct}, numbers"),
        };
    }

    private static string SuccessMetricLine(ProblemType type, DataTable table, int target)
    {
        if (type == ProblemType.Regression)
        {
            return "success_metric: { name: r2 }    # add threshold: (the least r2 fit for production) to gate promotion; or rmse, mae";
        }

        var counts = ClassCounts(table, target);
        var smallest = counts.Length == 2 ? (double)counts.Min() / counts.Sum() : 1;
        return type == ProblemType.BinaryClassification && smallest < ImbalancedShare
            ? $"success_metric: {{ name: f1 }}    # the smaller class is {(smallest * 100).ToString("0", CultureInfo.InvariantCulture)}% of rows; add threshold: to gate promotion"
            : "success_metric: { name: accuracy }    # add threshold: (the least accuracy fit for production) to gate promotion; or f1, roc_auc";
    }

    private static int[] ClassCounts(DataTable table, int column)
    {
        if (table.Columns[column].Kind != ColumnKind.Category)
        {
            return [.. table.Numbers(column).Where(v => !float.IsNaN(v)).CountBy(v => v).Select(pair => pair.Value)];
        }

        return [.. table.Texts(column).CodeCounts().Skip(1).Where(count => count > 0)];
    }

    private static string? DropReason(ColumnProfile column, int rows, DataTable table)
    {
        var present = rows - column.Missing;
        if (column.Distinct <= 1)
        {
            return "one value only";
        }

        if (column.Kind == ColumnKind.Category && column.Distinct == present && present >= 10)
        {
            return "an identifier: every value differs";
        }

        var sequential = column.Kind == ColumnKind.Number && column.Distinct == rows && column.Max - column.Min + 1 == rows
            && table.Numbers(table.IndexOf(column.Name)).All(v => v == MathF.Round(v));
        return sequential ? "an identifier: the row numbers" : null;
    }

    private static void AppendPrepare(StringBuilder yaml, TableProfile profile, IReadOnlyList<ColumnProfile> kept)
    {
        yaml.AppendLine("prepare:");
        var gaps = kept.Where(c => c.Missing > 0).ToArray();
        if (gaps.Length > 0)
        {
            yaml.AppendLine("  missing:    # learned on the training part; mean median mode constant:<v> drop ffill");
            foreach (var column in gaps)
            {
                var rule = column.Kind == ColumnKind.Category ? "mode" : "median";
                yaml.AppendLine(CultureInfo.InvariantCulture, $"    {Quote(column.Name)}: {rule}    # {column.Missing} of {profile.Rows} missing");
            }
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"  duplicates: drop    # {profile.Duplicates} exact duplicate rows");
        var outliers = kept.Where(c => c.Outliers > 0).Select(c => $"{c.Name} {c.Outliers}").ToArray();
        if (outliers.Length > 0)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  # outside 1.5 IQR: {string.Join(", ", outliers)}; to clip or drop them: outliers: {{ column: iqr-clip }}");
        }
    }

    private static void AppendFeatures(StringBuilder yaml, IReadOnlyList<ColumnProfile> kept, IReadOnlyList<(ColumnProfile Column, string Why)> dropped)
    {
        yaml.AppendLine("features:");
        yaml.AppendLine("  scale: standard");
        var dates = kept.Where(c => c.Kind == ColumnKind.Date).ToArray();
        if (dates.Length > 0)
        {
            yaml.AppendLine("  dates:");
            foreach (var column in dates)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"    {Quote(column.Name)}: [year, month, dayofweek]    # also: day, hour, quarter, days_since");
            }
        }

        if (dropped.Count > 0)
        {
            yaml.AppendLine("  drop:");
            foreach (var (column, why) in dropped)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"    - {Quote(column.Name)}    # {why}");
            }
        }
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

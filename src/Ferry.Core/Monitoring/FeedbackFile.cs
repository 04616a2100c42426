using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>Reads ground truth from a file of any source Ferry reads, with an `id` and an `actual` column.</summary>
public static class FeedbackFile
{
    public const string IdColumn = "id";
    public const string ActualColumn = "actual";

    /// <param name="path">The file.</param>
    /// <param name="manifest">The model the labels are for, to check and normalize each actual (<see cref="ActualValue"/>);
    /// null when a server does that (`ferry feedback --url`).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <exception cref="FerryException">A column is missing, or a row has no id, no actual, or an actual that does not fit
    /// the model; the row is named.</exception>
    public static IReadOnlyList<(string Id, string Actual)> Read(string path, ModelManifest? manifest, CancellationToken cancellationToken)
    {
        var table = TableLoader.Load(new DataSpec(path), Directory.GetCurrentDirectory(),
            new LoadOptions { Categories = new HashSet<string> { IdColumn, ActualColumn } }, cancellationToken);
        int id = table.IndexOf(IdColumn), actual = table.IndexOf(ActualColumn);
        if (id < 0 || actual < 0)
        {
            throw new FerryException($"{path}: feedback needs the columns '{IdColumn}' and '{ActualColumn}' (found: {string.Join(", ", table.Columns.Select(c => c.Name))})");
        }

        var items = new List<(string, string)>(table.RowCount);
        for (var row = 0; row < table.RowCount; row++)
        {
            var where = $"{path} row {row + 1}";
            var idText = table.Texts(id)[row] ?? throw new FerryException($"{where}: '{IdColumn}' is empty");
            var actualText = table.Texts(actual)[row] ?? throw new FerryException($"{where}: '{ActualColumn}' is empty");
            if (manifest is not null && ActualValue.Problem(manifest, actualText, manifest.Name) is { } problem)
            {
                throw new FerryException($"{where}: '{ActualColumn}' is '{actualText}', {problem}");
            }

            items.Add((idText, manifest is null ? actualText : ActualValue.Canonical(manifest, actualText)));
        }

        return items;
    }

    /// <summary>The one-line refusal of a file whose labels contradict recorded ones (or each other), naming the first
    /// conflicting row: the store wrote nothing of it.</summary>
    public static FerryException Refusal(string path, IReadOnlyList<(string Id, string Actual)> items, IReadOnlyList<FeedbackConflict> conflicts)
    {
        var first = conflicts[0];
        var row = Enumerable.Range(0, items.Count).First(i => items[i] == (first.Id, first.Sent)) + 1;
        var more = conflicts.Count > 1 ? $" (and {conflicts.Count - 1} more conflicting row(s))" : "";
        return new FerryException($"{path} row {row}: id '{first.Id}' is already labelled '{first.Recorded}', not '{first.Sent}'{more}; "
            + "a label is final (--overwrite replaces recorded labels); nothing was written");
    }
}

using Ferry.Core.Data;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>Loads a spec's data and prepares its rows: forward fill, rows without a target, exact
/// duplicates, the train/test split (random, stratified or by time), then the training rows dropped for
/// a missing value or an outlier. Test rows are never dropped or looked at.</summary>
internal sealed record PreparedData(TrainingData Data, TrainTestSplit Split, PreparationSummary Summary)
{
    /// <summary>The fewest rows training can use: two to fit on and one to test.</summary>
    public const int MinRows = 3;

    /// <param name="spec">The problem statement.</param>
    /// <param name="source">The rows to load, or null for the spec's data source.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    public static PreparedData Load(ProblemSpec spec, IRecordSource? source, CancellationToken cancellationToken)
    {
        var table = TableLoader.Load(source ?? RecordSources.For(spec.Data, spec.SpecDirectory), LoadOptions.For(spec), cancellationToken);
        var data = new TrainingData(table, spec);
        RowPreparation.ForwardFill(table, data.ColumnsWith(MissingStrategy.ForwardFill));

        var rows = data.Target.Rows();
        var distinct = spec.Prepare.DropDuplicates ? DuplicateRows.Drop(table, rows) : rows;
        if (distinct.Length < MinRows)
        {
            throw new FerryException($"{table.Source}: {distinct.Length} row(s) with a target{(spec.Prepare.DropDuplicates ? " and no duplicate" : "")}, but training needs at least {MinRows} (2 to fit on, 1 to test)");
        }

        var (split, undated) = SplitRows(spec, data, distinct);
        var train = RowPreparation.DropMissing(table, split.Train, data.ColumnsWith(MissingStrategy.Drop));
        var kept = RowPreparation.DropOutliers(table, train, data.ColumnsWith(OutlierRule.IqrDrop));
        if (kept.Length < 2)
        {
            throw new FerryException($"{table.Source}: only {kept.Length} training row(s) are left ({split.Train.Length} after holding out {split.Test.Length} test rows, "
                + $"{kept.Length} after prepare.missing drop rules and prepare.outliers); training needs at least 2 (lower split.test or add rows)");
        }

        if (spec.Type.IsClassification() && kept.Select(row => data.Target.ClassIndex[row]).Distinct().Count() < 2)
        {
            throw new FerryException($"{table.Source}: every training row has the same class '{data.Target.Classes[data.Target.ClassIndex[kept[0]]]}'; "
                + "a classifier needs rows of at least two classes to learn from (add rows of the other classes, or keep split.stratify: true)");
        }

        var fitted = spec.MaxTrainRows is { } max ? RowSample.Take(kept, max, spec.Split.Seed) : kept;
        var summary = new PreparationSummary(table.RowCount, table.RowCount - rows.Length, rows.Length - distinct.Length, undated,
            split.Train.Length - train.Length, train.Length - kept.Length, kept.Length, split.Test.Length)
        { SampledOut = kept.Length - fitted.Length, IdentifierColumns = data.Identifiers };
        return new PreparedData(data, split with { Train = fitted }, summary);
    }

    private static (TrainTestSplit Split, int Undated) SplitRows(ProblemSpec spec, TrainingData data, int[] rows)
    {
        if (spec.Split.By is { } by)
        {
            var time = Array.ConvertAll(data.Table.Numbers(data.Table.IndexOf(by)), v => (double)v);
            var dated = rows.Where(row => !double.IsNaN(time[row])).ToArray();
            if (dated.Length < 2)
            {
                throw new FerryException($"{data.Table.Source}: split.by column '{by}' has fewer than two dated rows");
            }

            return (Splitter.ByTime(dated, time, spec.Split.Test), rows.Length - dated.Length);
        }

        var classes = spec.Split.Stratify && spec.Type.IsClassification() ? data.Target.ClassIndex : null;
        return (Splitter.TrainTest(rows, spec.Split.Test, classes, spec.Split.Seed), 0);
    }
}

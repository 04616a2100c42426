using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Lifecycle;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;

namespace Ferry.Testing;

/// <summary>Trains one candidate on a data set of tests/data and turns rows of that data set into request rows.</summary>
internal static class TrainedBundles
{
    public static string Target(string data) => data == "penguins.csv" ? "body_mass_g" : "target";

    public static ModelBundle Train(TestFiles files, string data, string type, string candidate)
    {
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data(data), Target(data), type, "m", $"train: {{ candidates: [{candidate}] }}"));
        return BundleFile.Read(new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None).BundlePath);
    }

    /// <summary>Rows 0, step, 2 step, ... of the data set in the bundle's input schema (missing cells stay missing).</summary>
    public static InputRow[] Rows(ModelBundle bundle, string data, int count, int step) =>
        Rows(bundle, data, [.. Enumerable.Range(0, count).Select(r => r * step)]);

    /// <summary>The rows of the data set at <paramref name="indices"/> in the bundle's input schema (missing cells stay missing).</summary>
    public static InputRow[] Rows(ModelBundle bundle, string data, IReadOnlyList<int> indices)
    {
        var table = TableLoader.Load(TestFiles.Data(data));
        var inputs = bundle.Manifest.Inputs;
        return [.. indices.Select(index =>
        {
            var row = new InputRow(inputs.Count);
            for (var i = 0; i < inputs.Count; i++)
            {
                var column = table.IndexOf(inputs[i].Name);
                CellParser.TrySet(row, i, inputs[i], table.Columns[column].Kind == ColumnKind.Category
                    ? table.Texts(column)[index]
                    : float.IsNaN(table.Numbers(column)[index]) ? null : table.Numbers(column)[index].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            }

            return row;
        })];
    }
}

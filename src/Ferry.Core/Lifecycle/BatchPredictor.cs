using System.Globalization;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Prediction;

namespace Ferry.Core.Lifecycle;

/// <summary>`ferry predict`: streams an input file (any source Ferry reads) through the model and writes
/// the input columns plus `prediction`, `probability_&lt;class&gt;` for classifiers and, unless constraints.explain_top
/// is 0, `explanation` (the inputs that moved the prediction most, with their contributions) as CSV.
/// The output appears only when complete.</summary>
public static class BatchPredictor
{
    public static int Run(ModelBundle bundle, string inputPath, string outputPath, CancellationToken cancellationToken)
    {
        var manifest = bundle.Manifest;
        using var input = InputFile.Open(inputPath, manifest, cancellationToken);
        var temporary = outputPath + ".partial";
        var count = 0;
        try
        {
            using (var writer = new StreamWriter(temporary))
            {
                var csv = new CsvWriter(writer);
                var explainTop = manifest.Constraints.ExplainTop;
                csv.WriteRecord([.. input.Columns, "prediction", .. manifest.Classes.Select(c => $"probability_{c}"), .. explainTop > 0 ? new[] { "explanation" } : []]);
                var predictor = new RowPredictor(bundle.Model);
                while (input.MoveNext())
                {
                    if (FeatureRange.Overflowing(bundle.Model.Featurizer, input.Row) is { } column)
                    {
                        throw new FerryException($"{input.Name} {input.Location} column '{column}' {FeatureRange.Overflow}");
                    }

                    var result = predictor.Predict(input.Row, explainTop);
                    if (!result.IsFinite)
                    {
                        throw new FerryException($"{input.Name} {input.Location}: {PredictionResult.NotFinite}");
                    }

                    csv.WriteRecord([.. input.Cells.Select(cell => cell ?? ""), Format(result), .. manifest.Classes.Select(c => Format(result.Probabilities![c])),
                        .. explainTop > 0 ? new[] { string.Join("; ", result.Explanation.Select(e => $"{e.Feature}: {e.Contribution.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture)}")) } : []]);
                    count++;
                }
            }

            File.Move(temporary, outputPath, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string Format(PredictionResult result) => result.Label ?? Format(result.Value!.Value);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

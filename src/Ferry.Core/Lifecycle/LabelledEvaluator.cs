using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;

namespace Ferry.Core.Lifecycle;

/// <summary>Scores a model on a file of new labelled rows: the model's inputs plus its target column. Rows whose
/// target is missing are skipped and counted; a target that is not a class the model knows, or not a number for
/// regression, is an error naming the file, line and value.</summary>
public static class LabelledEvaluator
{
    public static LabelledEvaluation Run(ModelBundle bundle, string inputPath, CancellationToken cancellationToken) =>
        Run(bundle, InputFile.Open(inputPath, bundle.Manifest, cancellationToken), cancellationToken);

    public static LabelledEvaluation Run(ModelBundle bundle, IRecordSource source, CancellationToken cancellationToken) =>
        Run(bundle, InputFile.Open(source, bundle.Manifest, cancellationToken), cancellationToken);

    /// <summary>The model's answers on the labelled rows of <paramref name="source"/>, row by row, in the source's order.</summary>
    internal static RowAnswers Answers(ModelBundle bundle, IRecordSource source, CancellationToken cancellationToken) =>
        Score(bundle, InputFile.Open(source, bundle.Manifest, cancellationToken), cancellationToken).Answers;

    private static LabelledEvaluation Run(ModelBundle bundle, InputFile opened, CancellationToken cancellationToken)
    {
        var manifest = bundle.Manifest;
        var (name, answers, unlabelled) = Score(bundle, opened, cancellationToken);
        var confusion = manifest.Type.IsClassification()
            ? ClassificationMetrics.Confusion([.. answers.Actual.Select(a => (int)a)], answers.Scores, manifest.Classes.Count, bundle.Model.Threshold)
            : null;
        return new LabelledEvaluation(name, manifest.Name, manifest.Version, answers.Actual.Length, unlabelled, answers.Metrics(), manifest.Metrics,
            confusion, manifest.Classes, manifest.SuccessMetric);
    }

    private static (string Name, RowAnswers Answers, int Unlabelled) Score(ModelBundle bundle, InputFile opened, CancellationToken cancellationToken)
    {
        var manifest = bundle.Manifest;
        using var input = opened;
        var target = input.IndexOf(manifest.Target);
        if (target < 0)
        {
            throw new FerryException($"{input.Name}: the target column '{manifest.Target}' is not in the file (columns: {string.Join(", ", input.Columns)}); evaluate needs the actual values");
        }

        var classification = manifest.Type.IsClassification();
        var classIndex = manifest.Classes.Select((label, i) => (label, i)).ToDictionary(pair => pair.label, pair => pair.i, StringComparer.Ordinal);
        var predictor = new RowPredictor(bundle.Model);
        var actual = new List<double>();
        var scores = new List<double[]>();
        var unlabelled = 0;
        while (input.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = input.Cells[target];
            if (ValueParser.IsMissing(text))
            {
                unlabelled++;
                continue;
            }

            actual.Add(classification ? ClassOf(text!, classIndex, input) : ValueOf(text!, manifest.Target, input));
            var result = predictor.Predict(input.Row);
            scores.Add(classification ? [.. manifest.Classes.Select(label => result.Probabilities![label])] : [result.Value!.Value]);
        }

        if (actual.Count == 0)
        {
            throw new FerryException($"{input.Name}: no row has a value in the target column '{manifest.Target}' ({unlabelled} rows, all missing)");
        }

        return (input.Name, new RowAnswers([.. actual], [.. scores], classification ? manifest.Classes : [], bundle.Model.Threshold), unlabelled);
    }

    private static int ClassOf(string text, Dictionary<string, int> classIndex, InputFile input) =>
        classIndex.TryGetValue(text, out var index) ? index
            : throw new FerryException($"{input.Name} {input.Location} target '{text}' is not a class the model knows (classes: {string.Join(", ", classIndex.Keys)})");

    private static double ValueOf(string text, string target, InputFile input) =>
        ValueParser.TryNumber(text, out var value) ? value
            : throw new FerryException($"{input.Name} {input.Location} column '{target}': expected a number, found '{text}'");
}

using System.Diagnostics;
using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Prediction;

/// <summary>Featurizes raw rows and scores them, and explains them on request: one row through the scorer, many rows
/// through the model's batch path; when traced, as `ferry.featurize` then `ferry.predict` (scoring and explaining). Holds
/// its own buffers and scorer: not thread-safe, so use one per thread or take it from a pool.</summary>
/// <param name="model">The model.</param>
/// <param name="traced">True to trace each prediction's steps under the span that asked for it (a served request's).</param>
public sealed class RowPredictor(TrainedModel model, bool traced = false)
{
    private readonly IScorer _scorer = model.CreateScorer();
    private readonly float[] _features = new float[model.Featurizer.SlotCount];
    private readonly double[] _output = new double[model.OutputSize];
    private readonly double[] _masked = new double[model.OutputSize];
    private readonly FeaturizeNotes _notes = new();

    /// <param name="row">The row, indexed like the model's inputs.</param>
    /// <param name="explainTop">How many contributions to report, largest first (0: none). Each input costs one more scoring
    /// (its own features rewritten masked, then back, not the whole row featurized again).</param>
    public PredictionResult Predict<TRow>(in TRow row, int explainTop = 0)
        where TRow : ITableRow
    {
        _notes.Clear();
        using (Step("ferry.featurize"))
        {
            model.Featurizer.Transform(row, _features, _notes);
        }

        using var predict = Step("ferry.predict");
        _scorer.Score(_features, _output);
        var target = Target(_output);
        var masked = new double[explainTop > 0 ? model.Featurizer.Inputs.Count : 0];
        for (var i = 0; i < masked.Length; i++)
        {
            model.Featurizer.TransformInput(new MaskedRow<TRow>(row, i), i, _features);
            _scorer.Score(_features, _masked);
            masked[i] = _masked[target];
            model.Featurizer.TransformInput(row, i, _features);
        }

        return Result(_output, target, masked, explainTop, _notes);
    }

    /// <summary>Predicts many rows with one call of the model's batch path (ML.NET's Transform), their
    /// explanations' masked variants included.</summary>
    public IReadOnlyList<PredictionResult> PredictBatch(IReadOnlyList<InputRow> rows, int explainTop)
    {
        var inputs = explainTop > 0 ? model.Featurizer.Inputs.Count : 0;
        var vectors = new List<float[]>(rows.Count * (1 + inputs));
        var notes = new FeaturizeNotes[rows.Count];
        using (Step("ferry.featurize"))
        {
            for (var r = 0; r < rows.Count; r++)
            {
                notes[r] = new FeaturizeNotes();
                vectors.Add(Featurize(rows[r], notes[r]));
                for (var i = 0; i < inputs; i++)
                {
                    vectors.Add(Featurize(new MaskedRow<InputRow>(rows[r], i), null));
                }
            }
        }

        using var predict = Step("ferry.predict");
        var outputs = model.ScoreBatch(vectors);
        return [.. rows.Select((_, r) =>
        {
            var output = outputs[r * (1 + inputs)];
            var target = Target(output);
            var masked = Enumerable.Range(0, inputs).Select(i => outputs[r * (1 + inputs) + 1 + i][target]).ToArray();
            return Result(output, target, masked, explainTop, notes[r]);
        })];
    }

    private Activity? Step(string name) => traced ? FerryTracing.Step(name) : null;

    private float[] Featurize<TRow>(TRow row, FeaturizeNotes? notes)
        where TRow : ITableRow
    {
        var vector = new float[model.Featurizer.SlotCount];
        model.Featurizer.Transform(row, vector, notes);
        return vector;
    }

    private int Target(double[] output) => model.Type.IsClassification() ? model.Decide(output) : 0;

    /// <summary>The answer for one row. Each input's contribution is the predicted output minus the output with that
    /// input replaced by its training fill value (<paramref name="masked"/>): an occlusion explanation, the same for
    /// every model family.</summary>
    private PredictionResult Result(double[] output, int target, double[] masked, int explainTop, FeaturizeNotes notes)
    {
        var inputs = model.Featurizer.Inputs;
        IReadOnlyList<FeatureContribution> explanation = [.. masked
            .Select((value, i) => new FeatureContribution(inputs[i].Name, output[target] - value))
            .OrderByDescending(c => Math.Abs(c.Contribution)).Take(explainTop)];
        if (!model.Type.IsClassification())
        {
            return new PredictionResult(null, null, output[0], [.. notes.Filled], [.. notes.Unseen], explanation);
        }

        var probabilities = new Dictionary<string, double>(model.Classes.Length);
        for (var i = 0; i < model.Classes.Length; i++)
        {
            probabilities[model.Classes[i]] = output[i];
        }

        return new PredictionResult(model.Classes[target], probabilities, null, [.. notes.Filled], [.. notes.Unseen], explanation);
    }
}

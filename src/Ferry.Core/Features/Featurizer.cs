using Ferry.Core.Data;

namespace Ferry.Core.Features;

/// <summary>The fitted preparation: turns a raw row of the input schema into the float feature
/// vector the model sees. The same code runs in training, batch prediction and the server.</summary>
public sealed class Featurizer
{
    private readonly Expression?[] _expressions;
    private readonly int[] _offsets;

    /// <summary>Per input, the features that can depend on it: its own, and every derived one.</summary>
    private readonly int[][] _byInput;

    public Featurizer(IReadOnlyList<ColumnInfo> inputs, IReadOnlyList<ColumnFeature> features)
    {
        Inputs = inputs;
        Features = features;
        SlotNames = [.. features.SelectMany(feature => feature.SlotNames)];
        _expressions = [.. features.Select(feature => feature.Expression is null ? null : DerivedColumns.Compile(feature.Column, feature.Expression, inputs))];
        _offsets = new int[features.Count];
        for (var f = 1; f < features.Count; f++)
        {
            _offsets[f] = _offsets[f - 1] + features[f - 1].SlotCount;
        }

        var derived = Enumerable.Range(0, features.Count).Where(f => _expressions[f] is not null).ToArray();
        var own = Enumerable.Range(0, features.Count).Where(f => _expressions[f] is null && features[f].Input >= 0).ToLookup(f => features[f].Input);
        _byInput = [.. Enumerable.Range(0, inputs.Count).Select(input => own[input].Concat(derived).ToArray())];
    }

    public IReadOnlyList<ColumnInfo> Inputs { get; }

    public IReadOnlyList<ColumnFeature> Features { get; }

    /// <summary>The name of every slot of the output vector: its output schema, known before any row runs.</summary>
    public IReadOnlyList<string> SlotNames { get; }

    public int SlotCount => SlotNames.Count;

    /// <summary>Writes the features of <paramref name="row"/> (indexed like <see cref="Inputs"/>) into <paramref name="slots"/>.</summary>
    internal void Transform<TRow>(in TRow row, Span<float> slots, FeaturizeNotes? notes = null)
        where TRow : ITableRow
    {
        ITableRow? boxed = null;
        for (var f = 0; f < Features.Count; f++)
        {
            Write(f, row, ref boxed, slots, notes);
        }
    }

    /// <summary>Rewrites, in <paramref name="slots"/> that hold the features of a row differing from <paramref name="row"/>
    /// only in input <paramref name="input"/>, the features that can depend on that input: the same vector as
    /// <see cref="Transform"/> of <paramref name="row"/> gives, at the cost of one input instead of all (an explanation
    /// masks each input in turn).</summary>
    internal void TransformInput<TRow>(in TRow row, int input, Span<float> slots)
        where TRow : ITableRow
    {
        ITableRow? boxed = null;
        foreach (var f in _byInput[input])
        {
            Write(f, row, ref boxed, slots, null);
        }
    }

    private void Write<TRow>(int f, in TRow row, ref ITableRow? boxed, Span<float> slots, FeaturizeNotes? notes)
        where TRow : ITableRow
    {
        var feature = Features[f];
        var target = slots.Slice(_offsets[f], feature.SlotCount);
        if (feature.Kind == ColumnKind.Category)
        {
            WriteCategory(feature, row.Text(feature.Input), target, notes);
            return;
        }

        double value;
        if (_expressions[f] is { } expression)
        {
            boxed ??= row;
            value = expression.Evaluate(boxed);
        }
        else
        {
            value = row.Number(feature.Input);
        }

        if (double.IsNaN(value))
        {
            value = feature.Fill;
            notes?.Filled.Add(feature.Column);
        }
        else
        {
            value = feature.Shape(value);
        }

        WriteNumber(feature, value, target);
    }

    private static void WriteNumber(ColumnFeature feature, double value, Span<float> slots)
    {
        switch (feature.Encoding)
        {
            case FeatureEncoding.Bins:
                slots.Clear();
                slots[feature.BinOf(value)] = 1;
                break;
            case FeatureEncoding.DateParts:
                for (var i = 0; i < slots.Length; i++)
                {
                    slots[i] = (float)((DateParts.Part(feature.DateParts[i], value, feature.DateReference) - feature.Center[i]) / feature.Scale[i]);
                }

                break;
            default:
                slots[0] = (float)((value - feature.Center[0]) / feature.Scale[0]);
                break;
        }
    }

    private static void WriteCategory(ColumnFeature feature, string? value, Span<float> slots, FeaturizeNotes? notes)
    {
        if (value is null)
        {
            value = feature.FillCategory;
            notes?.Filled.Add(feature.Column);
        }

        var index = Array.IndexOf(feature.Categories, value);
        if (index < 0)
        {
            notes?.Unseen.Add(feature.Column);
        }

        if (feature.Encoding == FeatureEncoding.Ordinal)
        {
            slots[0] = index < 0 ? 0 : (float)((index - feature.Center[0]) / feature.Scale[0]);
            return;
        }

        slots.Clear();
        if (index >= 0)
        {
            slots[index] = 1;
        }
    }
}

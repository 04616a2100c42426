using Ferry.Core.Data;
using Ferry.Core.Features;

namespace Ferry.Core.Prediction;

/// <summary>Whether a row's features are finite. A number a 32-bit float holds can still overflow once prepared
/// (3.4E+38 standardized, two large inputs multiplied by a derived column), and a model fed an infinite feature
/// answers 1/n for every class; such a row is bad input, named by the column whose feature overflowed.</summary>
public static class FeatureRange
{
    private const int StackSlots = 256;

    /// <summary>What is wrong with a column <see cref="Overflowing"/> names, for the error message.</summary>
    public const string Overflow = "is too large for this model: its feature is not finite once prepared (scaled or combined); send a smaller number";

    /// <returns>The column (an input, or a derived column) whose feature is not finite for <paramref name="row"/>, or null.</returns>
    public static string? Overflowing<TRow>(Featurizer featurizer, in TRow row)
        where TRow : ITableRow
    {
        var slots = featurizer.SlotCount <= StackSlots ? stackalloc float[featurizer.SlotCount] : new float[featurizer.SlotCount];
        featurizer.Transform(row, slots);
        var slot = 0;
        foreach (var feature in featurizer.Features)
        {
            foreach (var value in slots.Slice(slot, feature.SlotCount))
            {
                if (!float.IsFinite(value))
                {
                    return feature.Column;
                }
            }

            slot += feature.SlotCount;
        }

        return null;
    }
}

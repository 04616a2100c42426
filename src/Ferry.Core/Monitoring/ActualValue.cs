using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Spec;

namespace Ferry.Core.Monitoring;

/// <summary>Whether a piece of ground truth fits a model: one of a classifier's classes, a finite number for regression.
/// The feedback endpoint and `ferry feedback` both ask it.</summary>
public static class ActualValue
{
    /// <param name="manifest">The model.</param>
    /// <param name="actual">The ground truth as text.</param>
    /// <param name="model">How the message names the model ("this model", or its name).</param>
    /// <returns>Null when it fits, else why not, such as "not a class of iris (classes: a, b)".</returns>
    public static string? Problem(ModelManifest manifest, string actual, string model) => manifest.Type.IsClassification()
        ? manifest.Classes.Contains(actual) ? null : $"not a class of {model} (classes: {string.Join(", ", manifest.Classes)})"
        : ValueParser.TryNumber(actual, out _) ? null : "not a finite number";

    /// <summary>How a fitting actual is stored: a class as it is, a number in its shortest round-trip form, so that "1.50"
    /// and "1.5" are the same label (a label is final: only a different one is a conflict).</summary>
    public static string Canonical(ModelManifest manifest, string actual) =>
        !manifest.Type.IsClassification() && ValueParser.TryNumber(actual, out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : actual;
}

using System.Text.Json.Serialization;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One class's map in the manifest's `calibration`: `slope` and `intercept` (platt) or `x` and `y` (isotonic).</summary>
internal sealed record CalibrationMapFile
{
    [JsonPropertyName("slope")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Slope { get; init; }

    [JsonPropertyName("intercept")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Intercept { get; init; }

    [JsonPropertyName("x")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? X { get; init; }

    [JsonPropertyName("y")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double[]? Y { get; init; }

    public PlattMap ToPlatt(int index) => Slope is { } slope && Intercept is { } intercept && double.IsFinite(slope) && double.IsFinite(intercept)
        ? new PlattMap(slope, intercept)
        : throw new InvalidDataException($"calibration map {index} (platt) needs a finite slope and intercept");

    /// <summary>Points in increasing x with values in [0, 1], as the fit leaves them.</summary>
    public IsotonicMap ToIsotonic(int index)
    {
        if (X is not { Length: > 0 } x || Y is not { } y || y.Length != x.Length)
        {
            throw new InvalidDataException($"calibration map {index} (isotonic) needs as many y as x points, at least one");
        }

        if (x.Any(v => !double.IsFinite(v)) || x.Zip(x.Skip(1)).Any(pair => pair.First >= pair.Second) || y.Any(v => !(v is >= 0 and <= 1)))
        {
            throw new InvalidDataException($"calibration map {index} (isotonic) needs finite x in increasing order and y in [0, 1]");
        }

        return new IsotonicMap(x, y);
    }
}

using System.Text.Json.Serialization;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `calibration` (<see cref="Calibrator"/>): its method and one map per calibrated class (binary:
/// the positive class only), `slope` and `intercept` for platt, the points `x` and `y` for isotonic.</summary>
internal sealed record CalibrationFile
{
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("maps")]
    public required IReadOnlyList<CalibrationMapFile> Maps { get; init; }

    public static CalibrationFile From(Calibrator calibrator) => new()
    {
        Method = calibrator.Method,
        Maps = [.. calibrator.Maps.Select(map => map switch
        {
            PlattMap platt => new CalibrationMapFile { Slope = platt.Slope, Intercept = platt.Intercept },
            IsotonicMap isotonic => new CalibrationMapFile { X = isotonic.X, Y = isotonic.Y },
            _ => throw new ArgumentOutOfRangeException(nameof(calibrator), map.Method, "a calibration method bundle format 1 has no fields for"),
        })],
    };

    /// <exception cref="InvalidDataException">The method is unknown, the maps do not fit the model's classes, a map is null or
    /// not one its method can apply.</exception>
    public Calibrator ToCalibrator(ProblemType type, int classCount)
    {
        var expected = type == ProblemType.BinaryClassification ? 1 : type == ProblemType.MulticlassClassification ? classCount : 0;
        if (Maps.Count != expected || expected == 0)
        {
            throw new InvalidDataException($"calibration has {Maps.Count} maps where a {type.ToName()} model of {classCount} classes has {expected} to calibrate");
        }

        if (Enumerable.Range(0, Maps.Count).FirstOrDefault(i => Maps[i] is null, -1) is var missing and >= 0)
        {
            throw new InvalidDataException($"calibration map {missing} is null where a map of its method's fields belongs");
        }

        return new Calibrator([.. Maps.Select((map, i) => Method switch
        {
            CalibrationMap.Platt => (CalibrationMap)map.ToPlatt(i),
            CalibrationMap.Isotonic => map.ToIsotonic(i),
            _ => throw new InvalidDataException($"calibration method '{Method}' is not one this Ferry applies ({CalibrationMap.Platt}, {CalibrationMap.Isotonic})"),
        })]);
    }
}

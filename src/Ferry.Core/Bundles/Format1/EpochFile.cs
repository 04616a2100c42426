using System.Text.Json.Serialization;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One epoch of the manifest's `trace` (<see cref="EpochTrace"/>).</summary>
internal sealed record EpochFile(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("trainLoss")] double TrainLoss,
    [property: JsonPropertyName("validationLoss")] double ValidationLoss,
    [property: JsonPropertyName("validationMetric")] double ValidationMetric)
{
    public static EpochFile From(EpochTrace epoch) => new(epoch.Epoch, epoch.TrainLoss, epoch.ValidationLoss, epoch.ValidationMetric);

    public EpochTrace ToTrace() => new(Epoch, TrainLoss, ValidationLoss, ValidationMetric);
}

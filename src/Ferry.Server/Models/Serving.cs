namespace Ferry.Server.Models;

/// <summary>What one model's host serves at a moment, swapped as a whole: the champion answering requests, the
/// challenger scoring them in shadow, and the canary answering <paramref name="CanaryShare"/> of them instead of the
/// champion. A challenger or canary here always takes the champion's inputs, so a request's parsed rows can be handed to
/// it as they are.</summary>
/// <param name="Champion">The registry's champion.</param>
/// <param name="Challenger">The challenger alias's version, or null.</param>
/// <param name="Canary">The canary alias's version, or null.</param>
/// <param name="CanaryShare">`retrain.canary.share`: the share of requests the canary answers.</param>
public sealed record Serving(LoadedModel Champion, LoadedModel? Challenger, LoadedModel? Canary, double CanaryShare)
{
    /// <summary>The model answering the request whose first prediction id is <paramref name="id"/>: the canary for the
    /// ids <see cref="CanaryRoute"/> puts below the share, else the champion.</summary>
    public LoadedModel Answering(string id) => Canary is { } canary && CanaryRoute.Takes(id, CanaryShare) ? canary : Champion;
}

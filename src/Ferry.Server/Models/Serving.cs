namespace Ferry.Server.Models;

/// <summary>What one model's host serves at a moment, swapped as a whole: the champion answering requests and the
/// challenger scoring them in shadow. A challenger here always takes the champion's inputs, so a request's parsed rows
/// can be handed to it as they are.</summary>
public sealed record Serving(LoadedModel Champion, LoadedModel? Challenger);

namespace Ferry.Core.Storage;

/// <summary>A reserved, not yet ready version, and the reservation's owner (<see cref="VersionLease.NewOwner"/>): only
/// its holder renews, completes or abandons it, so a reservation that was cleared as stale and its number given to
/// another training is never completed over that training's row.</summary>
internal sealed record VersionReservation(string Name, int Version, string Owner);

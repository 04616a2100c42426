using Ferry.Server.Models;

namespace Ferry.Server.Apis;

/// <summary>What the admin verbs use, bound with [AsParameters].</summary>
/// <param name="Hosts">The models served, each with its registry.</param>
/// <param name="Time">The clock of promotions and challenges.</param>
internal sealed record AdminServices(ModelHosts Hosts, TimeProvider Time);

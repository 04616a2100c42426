using Ferry.Server.Models;
using Ferry.Server.Monitoring;

namespace Ferry.Server.Apis;

/// <summary>What the monitoring reads use, bound with [AsParameters].</summary>
/// <param name="Hosts">The models served.</param>
/// <param name="Monitor">The background judge, which keeps each model's latest report.</param>
internal sealed record MonitoringServices(ModelHosts Hosts, MonitorService Monitor);

using Ferry.Core.Storage;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;

namespace Ferry.Server.Apis;

/// <summary>What the monitoring reads use, bound with [AsParameters].</summary>
/// <param name="Hosts">The models served.</param>
/// <param name="Monitor">The background judge, which keeps each model's latest report.</param>
/// <param name="Runs">The runs of the retraining loop, for the dashboard's timeline.</param>
internal sealed record MonitoringServices(ModelHosts Hosts, MonitorService Monitor, IRunStore Runs);

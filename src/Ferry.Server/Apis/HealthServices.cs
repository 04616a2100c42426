using Ferry.Core.Monitoring;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>What `GET /health` reads, bound with [AsParameters]: each part's state as the server already knows it.</summary>
/// <param name="Hosts">The models served.</param>
/// <param name="Log">The prediction log's queue and its last write.</param>
/// <param name="Monitor">The background judge and its last read of the store.</param>
/// <param name="Admission">The work in flight.</param>
/// <param name="Options">The budgets of the work in flight, and whether predictions are logged.</param>
internal sealed record HealthServices(ModelHosts Hosts, PredictionLog Log, MonitorService Monitor, RowAdmission Admission, IOptions<ServeOptions> Options);

using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>What `POST /v1/models/{name}/feedback` uses, bound with [AsParameters].</summary>
/// <param name="Hosts">The models served.</param>
/// <param name="Admission">The server-wide budget of bodies in flight.</param>
/// <param name="Store">Where ground truth is committed.</param>
/// <param name="Log">The prediction log, flushed before feedback is matched to it.</param>
/// <param name="Options">The admin key, which replaces a recorded label.</param>
/// <param name="Time">The clock of the feedback and of its one retry.</param>
internal sealed record FeedbackServices(ModelHosts Hosts, RowAdmission Admission, IMonitoringStore Store, PredictionLog Log, IOptions<ServeOptions> Options, TimeProvider Time);

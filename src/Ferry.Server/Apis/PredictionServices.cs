using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>What the predict path of every protocol uses (<see cref="PredictionFlow"/>), bound with [AsParameters].</summary>
/// <param name="Hosts">The models served.</param>
/// <param name="Admission">The server-wide budget of bodies and rows in flight.</param>
/// <param name="Recorder">Where predictions are logged for monitoring and handed to the shadow challenger.</param>
/// <param name="Metrics">Where predictions are counted and timed for /metrics.</param>
/// <param name="Meter">Where they are counted and timed for OpenTelemetry.</param>
/// <param name="Options">The server's limits.</param>
internal sealed record PredictionServices(ModelHosts Hosts, RowAdmission Admission, PredictionRecorder Recorder, ServerMetrics Metrics, PredictionMeter Meter,
    IOptions<ServeOptions> Options);

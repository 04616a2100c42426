using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>Runs a served model's <see cref="Autopilot"/> check after each monitor judgement (the timer's and the admin
/// verb's): its open run moves on, a trigger starts a run, and each stage change is logged and sent to the model's
/// webhook; the host then follows the aliases the run moved at once. Runs start by themselves only once the server
/// listens, and only when feedback may steer what is learned (<see cref="FeedbackTrust"/>: authenticated, or every
/// address loopback). A check that throws is logged; the champion keeps serving whatever a run does. Each check counts
/// its stage changes and then refreshes the model's runs by stage in /metrics (<see cref="RunMetrics"/>).</summary>
public sealed class AutopilotService(IServer server, MonitoringStore store, AlertNotifier notifier, ServerMetrics metrics, TimeProvider time,
    IOptions<ServeOptions> options, ILogger<AutopilotService> logger)
{
    private readonly Autopilot _autopilot = new(time);
    private readonly string _holder = $"server {Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <param name="host">The model checked.</param>
    /// <param name="period">How often checks come: the autopilot lease outlasts three of them.</param>
    /// <param name="cancellationToken">Stops a retrain.</param>
    public async Task CheckAsync(ModelHost host, TimeSpan period, CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var trusted = addresses.Count > 0 && FeedbackTrust.Untrusted(options.Value.FeedbackKey, [.. addresses]) is null;
        var changes = new List<RetrainRun>();
        try
        {
            var moved = await Task.Run(() => _autopilot.Check(host.Model, host.Registry, store, store, trusted, _holder,
                period * 3 > TimeSpan.FromMinutes(2) ? period * 3 : TimeSpan.FromMinutes(2), changes.Add, cancellationToken), cancellationToken);
            if (moved)
            {
                host.Reload();
            }

            PublishRuns(host);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The retraining loop of {Model} failed; it is tried again at the next check", host.Model.Name);
        }

        foreach (var run in changes)
        {
            RunMetrics.Changed(metrics, run);
            await notifier.NotifyRunAsync(host.Model.Monitor, run, cancellationToken);
        }
    }

    /// <summary>Sets the model's runs by stage in /metrics from the store: after each check, and when the server starts
    /// serving the model (so the series are there before its first check ends).</summary>
    public void PublishRuns(ModelHost host) => RunMetrics.Publish(metrics, store, host.Model.Name);
}

using System.Net;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>Labels steer what a retrain learns, so the retraining loop may only learn from feedback that is
/// authenticated (FERRY_FEEDBACK_KEY) or that only this machine can send (every address the server listens on is
/// loopback). At start, a model whose `retrain:` starts runs by itself is told, in the log, when neither holds: its
/// runs are off, and why.</summary>
internal sealed class FeedbackTrust(IServer server, IHostApplicationLifetime lifetime, ModelHosts hosts, IOptions<ServeOptions> options,
    ILogger<FeedbackTrust> logger) : IHostedService
{
    /// <summary>Why feedback cannot steer retraining, or null when it can.</summary>
    public static string? Untrusted(string? feedbackKey, IReadOnlyCollection<string> addresses)
    {
        if (!string.IsNullOrEmpty(feedbackKey))
        {
            return null;
        }

        var open = addresses.Where(address => !IsLoopback(address)).ToArray();
        return open.Length == 0 ? null
            : $"feedback is not authenticated (set FERRY_FEEDBACK_KEY) and the server listens on {string.Join(", ", open)}, not on loopback only, "
                + "so anyone who can reach it could steer what the model learns";
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (Untrusted(options.Value.FeedbackKey, [.. addresses]) is not { } reason)
        {
            return;
        }

        foreach (var host in hosts.All.Where(host => host.Model.Retrain.StartsByItself))
        {
            logger.LogWarning("{Model}: runs that start by themselves (retrain.on, retrain.every) are off: {Reason}", host.Model.Name, reason);
        }
    }

    private static bool IsLoopback(string address)
    {
        var host = Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal),
            UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : "";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}

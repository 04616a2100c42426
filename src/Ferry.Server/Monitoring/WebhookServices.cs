using System.Net;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ferry.Server.Monitoring;

/// <summary>The server's <see cref="AlertNotifier"/>: its outbox is the served store, delivered by <see cref="WebhookDelivery"/>;
/// its dashboard link the address the server listens on (unless `monitor.dashboard_url` says otherwise); its counts are in
/// /metrics (<see cref="WebhookMetrics"/>). Its HTTP client logs nothing itself: IHttpClientFactory's handlers would log
/// every request's URL, and a Slack or Teams webhook's path is its credential (the notifier logs failures without it).</summary>
internal static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(AlertNotifier)).RemoveAllLoggers();
        services.AddSingleton(provider =>
        {
            var server = provider.GetRequiredService<IServer>();
            var notifier = new AlertNotifier(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AlertNotifier)),
                provider.GetRequiredService<ILogger<AlertNotifier>>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<MonitoringStore>(),
                () => ServerUrl(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], Dns.GetHostName()),
                provider.GetRequiredService<ModelHosts>().All.ToDictionary(host => host.Model.Name, host => host.Model.Monitor.Webhook, StringComparer.Ordinal))
            {
                DeliverLater = true,
            };
            WebhookMetrics.Watch(provider.GetRequiredService<ServerMetrics>(), notifier);
            return notifier;
        });
        return services.AddHostedService<WebhookDelivery>();
    }

    /// <summary>The address people most likely reach the server at, of those it listens on: a named or non-loopback one
    /// first, then a wildcard one (0.0.0.0, [::]) with the machine's <paramref name="hostName"/>, then a loopback one; null
    /// when none is known (a port 0 is not known until the server listens).</summary>
    public static Uri? ServerUrl(IEnumerable<string> addresses, string hostName)
    {
        var parsed = addresses.Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port != 0 ? uri : null).OfType<Uri>().ToArray();
        return parsed.FirstOrDefault(uri => Kind(uri) == HostKind.Named)
            ?? parsed.Where(uri => Kind(uri) == HostKind.Wildcard).Select(uri => new UriBuilder(uri) { Host = hostName }.Uri).FirstOrDefault()
            ?? parsed.FirstOrDefault(uri => Kind(uri) == HostKind.Loopback);
    }

    private static HostKind Kind(Uri uri) => uri.IsLoopback ? HostKind.Loopback
        : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) ? HostKind.Wildcard
        : uri.Host is "*" or "+" ? HostKind.Wildcard
        : HostKind.Named;

    private enum HostKind
    {
        Named,
        Wildcard,
        Loopback,
    }
}

using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>What a webhook test over a real SQLite store shares: the store in a temporary directory, a log capture,
/// backoff delays that pass at once, and one HTTP client.</summary>
public abstract class WebhookStoreTest : IDisposable
{
    private MonitoringStore? _store;

    private protected TestFiles Files { get; } = new();

    private protected LogCapture Logs { get; } = new();

    private protected InstantDelays Delays { get; } = new();

    private protected HttpClient Http { get; } = new();

    private protected MonitoringStore Store => _store ??= MonitoringStore.Open(Files.Path("store"));

    public void Dispose()
    {
        Http.Dispose();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}

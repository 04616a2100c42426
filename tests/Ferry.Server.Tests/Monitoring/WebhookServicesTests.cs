using Ferry.Server.Monitoring;

namespace Ferry.Server.Tests.Monitoring;

/// <summary>The address the webhook's dashboard link uses when `monitor.dashboard_url` is not set.</summary>
public sealed class WebhookServicesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000 http://10.1.2.3:5000", "http://10.1.2.3:5000/")]
    [InlineData("http://127.0.0.1:5000 http://0.0.0.0:8080", "http://ferry-host:8080/")]
    [InlineData("http://[::]:8080", "http://ferry-host:8080/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    public void ServerUrl_OfTheListeningAddresses_PrefersOneOthersCanReach(string addresses, string expected)
    {
        Assert.Equal(new Uri(expected), WebhookServices.ServerUrl(addresses.Split(' '), "ferry-host"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1:0")]
    public void ServerUrl_BeforeAPortIsKnown_IsNull(string addresses)
    {
        Assert.Null(WebhookServices.ServerUrl(addresses.Split(' ', StringSplitOptions.RemoveEmptyEntries), "ferry-host"));
    }
}

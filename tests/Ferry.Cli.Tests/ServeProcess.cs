using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Cli.Tests;

/// <summary>`ferry serve` as its own process on a free 127.0.0.1 port, with a client, ready when started.</summary>
internal sealed class ServeProcess : IDisposable
{
    private ServeProcess(Process process, HttpClient client)
    {
        Process = process;
        Client = client;
    }

    public Process Process { get; }

    public HttpClient Client { get; }

    /// <summary>Starts `ferry serve <paramref name="spec"/>` with <paramref name="options"/> after its address.</summary>
    public static Task<ServeProcess> StartAsync(string spec, params string[] options) => StartAsync(spec, new Dictionary<string, string>(), options);

    /// <summary>Starts `ferry serve <paramref name="spec"/>` with <paramref name="options"/> after its address and
    /// <paramref name="environment"/> added to its environment (settings such as Ferry__Cors__0).</summary>
    public static Task<ServeProcess> StartAsync(string spec, IReadOnlyDictionary<string, string> environment, params string[] options) =>
        StartAsync(FreePort(), spec, environment, options);

    /// <summary>Starts `ferry serve <paramref name="spec"/>` on 127.0.0.1:<paramref name="port"/> (a replica started
    /// again where a load balancer expects it).</summary>
    public static async Task<ServeProcess> StartAsync(int port, string spec, IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ferry.dll"), "serve", spec, "--urls", $"http://127.0.0.1:{port}", .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var served = new ServeProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) });
        await served.WaitUntilReadyAsync();
        return served;
    }

    /// <summary>Sends a signal (TERM, KILL) to the process.</summary>
    public void Signal(string signal) =>
        Process.Start("kill", [$"-{signal}", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
        }

        Process.Dispose();
        Client.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                if ((await Client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("the server did not become ready");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

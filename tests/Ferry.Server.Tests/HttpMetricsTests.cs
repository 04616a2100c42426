using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ferry.Server.Tests;

/// <summary>/metrics of a real server after real requests: Ferry's, the HTTP and the standard process and runtime
/// metrics, clean under Prometheus's own linter (promtool, from Debian's prometheus package, which the test script installs).</summary>
public sealed class HttpMetricsTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const string Row = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";

    private async Task<string> MetricsAfterRequestsAsync()
    {
        using var predicted = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json"));
        using var refused = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent("{", Encoding.UTF8, "application/json"));
        using var missing = await server.Client.GetAsync("/v1/models/nope");
        using var health = await server.Client.GetAsync("/health");
        return await server.Client.GetStringAsync("/metrics");
    }

    [Fact]
    public async Task Metrics_AfterPredictionsAndErrors_PassPromtoolCheckMetrics()
    {
        var metrics = await MetricsAfterRequestsAsync();
        var promtool = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(directory => Path.Combine(directory, "promtool")).FirstOrDefault(File.Exists);
        Assert.True(promtool is not null, "promtool is not installed: install Debian's prometheus package (./test does when run as root)");

        using var process = Process.Start(new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"promtool check metrics exited {process.ExitCode}: {await output}{await error}");
        Assert.Equal("", (await output + await error).Trim());
        Assert.Contains("ferry_predictions_total{", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("process_cpu_seconds_total", "counter")]
    [InlineData("process_resident_memory_bytes", "gauge")]
    [InlineData("process_start_time_seconds", "gauge")]
    [InlineData("process_open_handles", "gauge")]
    [InlineData("process_num_threads", "gauge")]
    [InlineData("dotnet_total_memory_bytes", "gauge")]
    public async Task Metrics_Always_ExposeTheProcessMetricWithAPositiveValue(string name, string type)
    {
        var metrics = await MetricsAfterRequestsAsync();
        var sample = Regex.Match(metrics, $"^{name} (\\S+)$", RegexOptions.Multiline);

        Assert.Contains($"# TYPE {name} {type}\n", metrics, StringComparison.Ordinal);
        Assert.True(sample.Success, $"no sample of {name}");
        Assert.True(double.Parse(sample.Groups[1].Value, CultureInfo.InvariantCulture) > 0, $"{name} is {sample.Groups[1].Value}");
    }

    [Fact]
    public async Task Metrics_Always_CountGarbageCollectionsByGeneration()
    {
        var metrics = await MetricsAfterRequestsAsync();

        Assert.Contains("# TYPE dotnet_collection_count_total counter\n", metrics, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(0, GC.MaxGeneration + 1),
            generation => Assert.Matches($"(?m)^dotnet_collection_count_total\\{{generation=\"{generation}\"\\}} \\d+$", metrics));
    }
}

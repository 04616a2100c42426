using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>deploy/grafana/ferry-dashboard.json reads only what the server exports: every panel has a title and a query,
/// and every metric its queries and template variables name has series in a live server's /metrics once it predicted,
/// took feedback, refused work it could not fit, failed a webhook and judged (so the gauges are set); every label a query
/// matches or groups by is on a series of a metric it names; and every query parses as PromQL (promtool's offline parse of
/// a rule file, Grafana's variables given values).</summary>
public sealed partial class GrafanaDashboardTests
{
    private const string Key = "grafana-admin-key";

    private static readonly string s_dashboard = Path.Combine(TestFiles.RepositoryRoot(), "deploy", "grafana", "ferry-dashboard.json");

    [Fact]
    public void Dashboard_Always_HasATitleAndAQueryOnEveryPanelAndTheDatasourceAndModelVariables()
    {
        var dashboard = Dashboard();

        Assert.True(dashboard.GetProperty("schemaVersion").GetInt32() >= 39);
        Assert.All(dashboard.GetProperty("panels").EnumerateArray(), panel =>
        {
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("title").GetString()), panel.ToString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), target => Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), panel.ToString()));
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
        });
        var variables = Variables(dashboard);
        Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
        Assert.Equal("label_values(ferry_predictions_total, model)", variables["model"].GetProperty("query").GetProperty("query").GetString());
    }

    [Theory]
    [InlineData("""histogram_quantile(0.95, sum by (le, version) (rate(ferry_prediction_duration_seconds_bucket{model="$model"}[$__rate_interval])))""",
        "ferry_prediction_duration_seconds_bucket", "le,model,version")]
    [InlineData("""sum(rate(http_requests_received_total{code=~"5.."}[5m])) / sum(rate(http_requests_received_total[5m]))""", "http_requests_received_total", "code")]
    [InlineData("process_resident_memory_bytes", "process_resident_memory_bytes", "")]
    [InlineData("""sum by (reason) (increase(ferry_webhook_dropped_total[1h])) or on (reason) vector(0)""", "ferry_webhook_dropped_total", "reason")]
    public void Names_OfAQuery_AreItsMetricsAndLabels(string expr, string metrics, string labels)
    {
        var (names, used) = Names(expr);

        Assert.Equal(metrics.Split(','), names.Order());
        Assert.Equal(labels.Split(',', StringSplitOptions.RemoveEmptyEntries), used.Order());
    }

    [Fact]
    public async Task Queries_OfEveryPanelAndVariable_NameMetricsAndLabelsALiveServerExports()
    {
        var series = Series(await LiveMetricsAsync());
        var dashboard = Dashboard();
        var exprs = dashboard.GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!).ToList();

        Assert.NotEmpty(exprs);
        Assert.All(exprs, expr =>
        {
            var (metrics, labels) = Names(expr);
            Assert.NotEmpty(metrics);
            Assert.All(metrics, metric => Assert.True(series.ContainsKey(metric), $"{expr}: /metrics has no series of {metric}"));
            Assert.All(labels, label => Assert.True(metrics.Any(metric => series[metric].Contains(label)), $"{expr}: no series of {string.Join(", ", metrics)} has the label {label}"));
        });
        var values = LabelValues().Match(Variables(dashboard)["model"].GetProperty("query").GetProperty("query").GetString()!);
        Assert.True(values.Success);
        Assert.Contains(values.Groups[2].Value, series[values.Groups[1].Value]);
    }

    [Fact]
    public async Task Queries_OfEveryPanel_ParseAsPromqlByPromtool()
    {
        var promtool = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(directory => Path.Combine(directory, "promtool")).FirstOrDefault(File.Exists);
        Assert.True(promtool is not null, "promtool is not installed: install Debian's prometheus package (./test does when run as root)");
        using var files = new TestFiles();
        var exprs = Dashboard().GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$model", "m", StringComparison.Ordinal));
        File.WriteAllText(files.Path("dashboard.rules.yml"), "groups:\n  - name: dashboard\n    rules:\n"
            + string.Concat(exprs.Select((expr, i) => $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(expr)}\n")));

        using var process = Process.Start(new ProcessStartInfo(promtool, ["check", "rules", files.Path("dashboard.rules.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"promtool check rules exited {process.ExitCode}: {await output}{await error}");
    }

    /// <summary>/metrics of a server that predicted 2000 labelled rows (the second half shifted, so the drift and accuracy
    /// alerts open on a webhook that answers 500), refused rows it could not fit in flight, and judged its model.</summary>
    private static async Task<string> LiveMetricsAsync()
    {
        using var files = new TestFiles();
        await using var webhook = await WebhookReceiver.StartAsync(status: 500);
        var scenario = new DriftScenario(seed: 16);
        var spec = scenario.WriteWatchedSpec(files, "board", webhook.Url);
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Critical,
            new Dictionary<string, string> { ["MonitorSeconds"] = "3600", ["AdminKey"] = Key, ["MaxRowsInFlight"] = "500" });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await LabelledTraffic.SendAsync(client, "board", scenario.Draw(1000, shifted: false));
        await LabelledTraffic.SendAsync(client, "board", scenario.Draw(1000, shifted: true));
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/board/monitoring/judge") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) } })
        using (var judged = await client.SendAsync(request))
        {
            judged.EnsureSuccessStatusCode();
        }

        var body = $"{{\"rows\": [{string.Join(",", scenario.Draw(400, shifted: false).Select(row => row.Json))}]}}";
        var metrics = await client.GetStringAsync("/metrics");
        for (var attempt = 0; attempt < 100 && !(metrics.Contains("ferry_admission_refused_total{", StringComparison.Ordinal)
            && metrics.Contains("ferry_webhook_failures_total{", StringComparison.Ordinal)); attempt++)
        {
            var burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync("/v1/models/board/predict", new StringContent(body, Encoding.UTF8, "application/json"))));
            Array.ForEach(burst, response => response.Dispose());
            await Task.Delay(100);
            metrics = await client.GetStringAsync("/metrics");
        }

        return metrics;
    }

    /// <summary>The series names of an exposition, each with the label names its series carry.</summary>
    private static Dictionary<string, HashSet<string>> Series(string exposition)
    {
        var series = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Match sample in Sample().Matches(exposition))
        {
            var labels = series.TryGetValue(sample.Groups[1].Value, out var known) ? known : series[sample.Groups[1].Value] = new HashSet<string>(StringComparer.Ordinal);
            labels.UnionWith(LabelName().Matches(sample.Groups[2].Value).Select(label => label.Groups[1].Value));
        }

        return series;
    }

    /// <summary>The metrics a PromQL expression selects (identifiers outside strings, ranges, matchers and grouping clauses
    /// that are not functions or keywords), and the labels its matchers and grouping clauses name.</summary>
    private static (HashSet<string> Metrics, HashSet<string> Labels) Names(string expr)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var bare = Range().Replace(StringLiteral().Replace(expr, "\"\""), "");
        bare = Matchers().Replace(bare, matchers =>
        {
            labels.UnionWith(Matcher().Matches(matchers.Value).Select(matcher => matcher.Groups[1].Value));
            return "";
        });
        bare = Grouping().Replace(bare, grouping =>
        {
            labels.UnionWith(Identifier().Matches(grouping.Groups[2].Value).Select(label => label.Value));
            return " ";
        });
        bare = Number().Replace(bare, " ");
        var metrics = Identifier().Matches(bare).Where(name => !bare[(name.Index + name.Length)..].TrimStart().StartsWith('('))
            .Select(name => name.Value).Where(name => !s_keywords.Contains(name)).ToHashSet(StringComparer.Ordinal);
        return (metrics, labels);
    }

    private static readonly HashSet<string> s_keywords = new(["and", "or", "unless", "bool", "offset", "inf", "nan"], StringComparer.OrdinalIgnoreCase);

    private static JsonElement Dashboard() => JsonDocument.Parse(File.ReadAllText(s_dashboard)).RootElement;

    private static Dictionary<string, JsonElement> Variables(JsonElement dashboard) =>
        dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(variable => variable.GetProperty("name").GetString()!, StringComparer.Ordinal);

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^\n]*\})? \S+$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![a-zA-Z0-9_:])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$")]
    private static partial Regex LabelValues();
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Server.Tests;

public sealed class DashboardTests
{
    private const string Key = "dashboard-admin-key";

    /// <summary>/dashboard after labelled traffic, some of it drifted, in headless Debian chromium: every chart is an
    /// inline SVG with drawn content, the page asks nothing of any other host, and a screenshot is saved.</summary>
    [SkippableFact]
    public async Task Dashboard_AfterLabelledTraffic_RendersEveryChartWithoutTheNetwork()
    {
        Skip.If(Browser.Unavailable is not null && !Browser.Required, Browser.Unavailable);
        Assert.True(Browser.Unavailable is null, Browser.Unavailable);
        using var files = new TestFiles();
        var scenario = new DriftScenario(seed: 5);
        scenario.WriteCsv(files.Path("train.csv"), 1500);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "dash",
            "train: { candidates: [logistic] }\nmonitor: { window: 300, performance_window: 100, alerts: { accuracy_below: 0.8, drift_share_above: 0.5 } }");
        await using var server = await RunningServer.TrainAndStartAsync(spec, new Dictionary<string, string> { ["AdminKey"] = Key });
        await SendLabelledAsync(server.Client, scenario.Draw(300, shifted: false));
        await SendLabelledAsync(server.Client, scenario.Draw(300, shifted: true));
        await server.JudgeAsync("dash", Key);
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        {
            await using (browser)
            {
                var page = await browser.NewPageAsync();
                var foreign = new List<string>();
                page.Request += (_, request) =>
                {
                    if (!request.Url.StartsWith(server.Client.BaseAddress!.AbsoluteUri, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                    {
                        foreign.Add(request.Url);
                    }
                };
                await page.GotoAsync(server.Client.BaseAddress!.AbsoluteUri + "dashboard");
                var charts = await page.Locator("[data-chart] svg").AllAsync();
                var sizes = new List<(float Width, float Height, int Shapes)>();
                foreach (var chart in charts)
                {
                    var box = await chart.BoundingBoxAsync();
                    sizes.Add((box?.Width ?? 0, box?.Height ?? 0, await chart.Locator("path, rect, line, polyline").CountAsync()));
                }

                var kinds = await page.Locator("[data-chart]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.chart)");
                var rules = await page.Locator("#rules").TextContentAsync();
                await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dashboard.png"), FullPage = true });

                Assert.Empty(foreign);
                Assert.Contains("performance", kinds);
                Assert.Contains("drift", kinds);
                Assert.Contains("health", kinds);
                Assert.Contains("histogram", kinds);
                Assert.All(sizes, size => Assert.True(size.Width > 100 && size.Height > 100 && size.Shapes > 5, $"a chart drew nothing: {size}"));
                Assert.Contains("drift_share_above", rules, StringComparison.Ordinal);
                Assert.Contains("firing", rules, StringComparison.Ordinal);
            }
        }
    }

    private static async Task SendLabelledAsync(HttpClient client, IReadOnlyList<DriftScenario.Row> rows)
    {
        using var predicted = await client.PostAsync("/v1/models/dash/predict",
            new StringContent($"{{\"rows\": [{string.Join(",", rows.Select(row => row.Json))}]}}", Encoding.UTF8, "application/json"));
        var ids = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => p.GetProperty("id").GetString()!).ToArray();
        using var feedback = await client.PostAsJsonAsync("/v1/models/dash/feedback", new { items = ids.Select((id, i) => new { id, actual = rows[i].Label }) });
        feedback.EnsureSuccessStatusCode();
    }
}

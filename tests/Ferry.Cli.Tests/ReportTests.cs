using System.Globalization;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class ReportTests
{
    [SkippableFact]
    public async Task Report_InChromium_RendersEveryChartAndShowsTheMetricsOfMetricsJson()
    {
        Skip.If(Browser.Unavailable is not null && !Browser.Required, Browser.Unavailable);
        Assert.True(Browser.Unavailable is null, Browser.Unavailable);
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc", "train: { candidates: [mlp] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var version = files.Path(".ferry/models/bc/v1");
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(version, "metrics.json"))).RootElement.GetProperty("test");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        {
            await using (browser)
            {
                var page = await browser.NewPageAsync();
                await page.GotoAsync(new Uri(Path.Combine(version, "report.html")).AbsoluteUri);

                var widths = await page.EvalOnSelectorAllAsync<int[]>("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)");
                var shown = await page.EvalOnSelectorAllAsync<string[][]>("#metrics tr[data-metric]",
                    "rows => rows.map(r => [r.dataset.metric, r.dataset.value])");
                await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("report.png"), FullPage = true });

                Assert.Equal(["reliability", "confusion", "roc", "pr", "importance", "trace"], await page.EvalOnSelectorAllAsync<string[]>("img", "images => images.map(i => i.id)"));
                Assert.All(widths, width => Assert.True(width > 0));
                Assert.Equal(metrics.EnumerateObject().Select(m => m.Name), shown.Select(row => row[0]));
                foreach (var row in shown)
                {
                    Assert.Equal(metrics.GetProperty(row[0]).GetDouble(), double.Parse(row[1], CultureInfo.InvariantCulture), 12);
                }
            }
        }
    }
}

using System.Globalization;
using Ferry.Testing;

namespace Ferry.Core.Tests.Lifecycle;

public sealed class ReportWriterTests
{
    [Fact]
    public void Report_TunedThreshold_ShowsPrecisionRecallAndF1AgainstTheThreshold()
    {
        using var files = new TestFiles();
        var outcome = ImbalancedData.Train(files, "f1", "logistic");

        var html = File.ReadAllText(Path.Combine(Path.GetDirectoryName(outcome.BundlePath)!, "report.html"));

        var threshold = outcome.Manifest.Threshold;
        Assert.Contains($"<p id=\"threshold\" data-value=\"{threshold.ToString("R", CultureInfo.InvariantCulture)}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<tr class=\"met\"><td>{threshold.ToString("0.####", CultureInfo.InvariantCulture)}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<img id=\"threshold-curve\"", html, StringComparison.Ordinal);
    }
}

using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Server.Monitoring;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests.Monitoring;

/// <summary>The server judges every `monitor.every`, unless the MonitorSeconds setting says otherwise.</summary>
public sealed class MonitorPeriodTests
{
    [Theory]
    [InlineData("monitor: { every: 2m }", null, 120)]
    [InlineData("", null, 30)]
    [InlineData("monitor: { every: 2m }", "7", 7)]
    public async Task Period_IsTheSpecsMonitorEveryUnlessTheSettingIsGiven(string monitor, string? setting, double seconds)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }\n" + monitor);
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(spec), null, CancellationToken.None);
        var settings = setting is null ? null : new Dictionary<string, string> { ["MonitorSeconds"] = setting };

        await using var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, settings);

        Assert.Equal(TimeSpan.FromSeconds(seconds), app.Services.GetRequiredService<MonitorService>().Period);
    }
}

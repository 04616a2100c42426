using Ferry.Server.Telemetry;

namespace Ferry.Server.Tests.Telemetry;

public sealed class OtlpExportTests
{
    /// <summary>Each signal follows its own endpoint variable or the shared one, and its exporter variable's `none`;
    /// OTEL_SDK_DISABLED turns off both; nothing set (or only settings that name no receiver) is off.</summary>
    [Theory]
    [InlineData("", null)]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf;OTEL_SERVICE_NAME=ferry", null)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318", "traces metrics")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=   ", null)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://collector:4318/v1/traces", "traces")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://collector:4318/v1/metrics", "metrics")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318;OTEL_METRICS_EXPORTER=none", "traces")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318;OTEL_TRACES_EXPORTER=None", "metrics")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318;OTEL_TRACES_EXPORTER=none;OTEL_METRICS_EXPORTER=none", null)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318;OTEL_SDK_DISABLED=TRUE", null)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318;OTEL_SDK_DISABLED=false", "traces metrics")]
    public void From_Variables_TurnOnTheSignalsTheyName(string variables, string? expected)
    {
        var set = variables.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

        var export = OtlpExport.From(name => set.GetValueOrDefault(name));

        var signals = export is null ? null : string.Join(" ", new[] { export.Traces ? "traces" : null, export.Metrics ? "metrics" : null }.OfType<string>());
        Assert.Equal(expected, signals);
    }
}

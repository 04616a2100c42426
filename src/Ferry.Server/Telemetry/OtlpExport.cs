namespace Ferry.Server.Telemetry;

/// <summary>Which signals go to an OTLP receiver, read from the standard OpenTelemetry variables: traces when
/// OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, metrics when OTEL_EXPORTER_OTLP_ENDPOINT or
/// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is; a signal whose OTEL_TRACES_EXPORTER or OTEL_METRICS_EXPORTER is `none` is
/// off, and OTEL_SDK_DISABLED=true turns off both. Everything else (protocol, headers, service name, resource
/// attributes, batching, intervals) the OpenTelemetry SDK reads itself.</summary>
/// <param name="Traces">Export traces.</param>
/// <param name="Metrics">Export metrics.</param>
public sealed record OtlpExport(bool Traces, bool Metrics)
{
    /// <summary>What <paramref name="variable"/> (a variable's value by name, null when unset) turns on; null when nothing.</summary>
    public static OtlpExport? From(Func<string, string?> variable)
    {
        if (string.Equals(variable("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var both = Set(variable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var traces = (both || Set(variable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))) && !None(variable("OTEL_TRACES_EXPORTER"));
        var metrics = (both || Set(variable("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))) && !None(variable("OTEL_METRICS_EXPORTER"));
        return traces || metrics ? new OtlpExport(traces, metrics) : null;
    }

    /// <summary>What this process's environment turns on.</summary>
    public static OtlpExport? FromEnvironment() => From(Environment.GetEnvironmentVariable);

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);

    private static bool None(string? value) => string.Equals(value?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
}

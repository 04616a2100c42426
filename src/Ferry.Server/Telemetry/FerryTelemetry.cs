using Ferry.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ferry.Server.Telemetry;

/// <summary>OpenTelemetry for the server and the CLI, registered only when <see cref="OtlpExport"/> says a receiver is
/// configured (otherwise nothing listens to Ferry's spans and meters, and they cost one check each). Traces: every
/// request (ASP.NET Core's span, probes and scrapes left out) with Ferry's steps under it, and training's stages.
/// Metrics: ASP.NET Core's and Kestrel's, the runtime's, and Ferry's predictions (<see cref="PredictionMeter"/>). The
/// service is named `ferry` unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES names it.</summary>
public static class FerryTelemetry
{
    /// <summary>Registers the server's OpenTelemetry when <paramref name="configuration"/> (which holds the environment's
    /// variables) configures an OTLP receiver.</summary>
    public static IServiceCollection AddFerryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (OtlpExport.From(name => configuration[name]) is not { } export)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(Describe);
        if (export.Traces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(FerryTracing.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => Traced(context.Request.Path))
                .AddOtlpExporter());
        }

        if (export.Metrics)
        {
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(PredictionMeter.Name, "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>A tracer for a CLI verb (training's stages), when the environment configures an OTLP receiver for traces:
    /// disposing it sends what is left before the process exits.</summary>
    public static TracerProvider? StartTracing()
    {
        if (OtlpExport.FromEnvironment() is not { Traces: true })
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder().ConfigureResource(Describe).AddSource(FerryTracing.SourceName).AddOtlpExporter().Build();
    }

    /// <summary>Ferry's name and version, then the environment's resource variables, which override them.</summary>
    private static void Describe(ResourceBuilder resource) =>
        resource.AddService("ferry", serviceVersion: FerryVersion.Text).AddEnvironmentVariableDetector();

    /// <summary>Health probes and metric scrapes come every few seconds and say nothing about predictions: not traced.</summary>
    private static bool Traced(PathString path) =>
        !path.StartsWithSegments("/health") && !path.StartsWithSegments("/v2/health") && !path.StartsWithSegments("/metrics")
        && !path.StartsWithSegments("/ping");
}

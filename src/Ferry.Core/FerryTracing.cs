using System.Diagnostics;

namespace Ferry.Core;

/// <summary>Ferry's traces: one <see cref="ActivitySource"/> for training's stages and serving's steps. A span costs one
/// check and nothing more while no listener is registered, and the server and the CLI register one only when an
/// OpenTelemetry exporter is configured by the standard OTEL_* variables.</summary>
public static class FerryTracing
{
    /// <summary>The source's name, which an OpenTelemetry tracer adds to listen to it.</summary>
    public const string SourceName = "Ferry";

    public static ActivitySource Source { get; } = new(SourceName, FerryVersion.Text);

    /// <summary>A span for a step of what is traced already (a request, a training run), or null outside one: work in the
    /// background (shadow scoring, a monitor check's scoring) makes no spans of its own.</summary>
    public static Activity? Step(string name) => Source.HasListeners() && Activity.Current is not null ? Source.StartActivity(name) : null;
}

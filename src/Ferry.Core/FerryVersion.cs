using System.Reflection;

namespace Ferry.Core;

/// <summary>Ferry's version as the build stamps it, with the commit it was built from (1.0.0+COMMIT): what
/// `ferry --version`, MLflow's `/version`, the Open Inference server metadata and the webhooks' User-Agent say.</summary>
public static class FerryVersion
{
    public static string Text { get; } = typeof(FerryVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}

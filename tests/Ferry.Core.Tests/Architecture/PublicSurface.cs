namespace Ferry.Core.Tests.Architecture;

/// <summary>Core's public types as built, and the committed list of them (public-types.txt, one full name a line,
/// sorted ordinally): what Server, Cli and apps embedding Ferry need, and nothing else.</summary>
internal static class PublicSurface
{
    public static IReadOnlySet<string> Built { get; } =
        typeof(FerryException).Assembly.GetExportedTypes().Select(type => type.FullName!).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<string> Committed { get; } =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Architecture", "public-types.txt"));
}

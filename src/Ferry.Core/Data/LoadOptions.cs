using Ferry.Core.Spec;

namespace Ferry.Core.Data;

/// <summary>What the spec already says about columns: ones kept as categories whatever their cells look
/// like (a class label, an ordinal code), ones that must be dates, and ones not to load at all.</summary>
public sealed record LoadOptions
{
    public static LoadOptions None { get; } = new();

    public IReadOnlySet<string> Categories { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Dates { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Drop { get; init; } = new HashSet<string>();

    /// <summary>What the spec says of columns before loading: the target and encoded columns are categories,
    /// date features and a time split column are dates, dropped columns are not loaded.</summary>
    public static LoadOptions For(ProblemSpec spec)
    {
        var categories = new HashSet<string>(spec.Features.Encode.Keys);
        if (spec.Type.IsClassification())
        {
            categories.Add(spec.Target);
        }

        var dates = new HashSet<string>(spec.Features.Dates.Keys);
        if (spec.Split.By is { } by)
        {
            dates.Add(by);
        }

        return new LoadOptions { Categories = categories, Dates = dates, Drop = new HashSet<string>(spec.Features.Drop) };
    }
}

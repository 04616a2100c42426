using System.Text.RegularExpressions;

namespace Ferry.Core.Spec;

/// <summary>The rule for a model name: lower-case letters, digits and dashes, at most <see cref="MaxLength"/> characters, so
/// it is safe as a directory name, in a URL and in a store key on every file system Ferry runs on.</summary>
public static partial class ModelName
{
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a model name, or null when it is one.</summary>
    public static string? Problem(string name) =>
        name.Length > MaxLength ? $"'name' is {name.Length} characters long but must be at most {MaxLength}"
        : !Pattern().IsMatch(name) ? $"'name' is '{name}' but must match [a-z0-9-]+ (lower-case letters, digits and dashes)"
        : null;

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex Pattern();
}

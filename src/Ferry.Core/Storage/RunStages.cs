namespace Ferry.Core.Storage;

/// <summary>The stages of a run, in the order they are reached, and the final ones.</summary>
public static class RunStages
{
    public const string Retrain = "retrain";
    public const string Gate = "gate";
    public const string Shadow = "shadow";
    public const string Canary = "canary";
    public const string Promoted = "promoted";
    public const string Bake = "bake";
    public const string Baked = "baked";
    public const string Rejected = "rejected";
    public const string RolledBack = "rolled_back";
    public const string Failed = "failed";

    /// <summary>Every stage, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [Retrain, Gate, Shadow, Canary, Promoted, Bake, Baked, Rejected, RolledBack, Failed];

    /// <summary>A run at a final stage is closed: a new trigger starts another run instead of joining it.</summary>
    public static bool IsFinal(string stage) => stage is Promoted or Baked or Rejected or RolledBack or Failed;
}

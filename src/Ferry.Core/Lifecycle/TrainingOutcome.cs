using Ferry.Core.Bundles;

namespace Ferry.Core.Lifecycle;

/// <summary>What `ferry train` produced: the registered manifest, where it lives, and whether it became champion.</summary>
public sealed record TrainingOutcome(ModelManifest Manifest, string BundlePath, bool IsChampion, int? PreviousChampion);

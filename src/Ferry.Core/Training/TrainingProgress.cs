namespace Ferry.Core.Training;

/// <summary>Where a training run is: a stage and, for cross-validation, fits done of the total.</summary>
/// <param name="Stage">What runs now.</param>
/// <param name="Done">Fits done.</param>
/// <param name="Total">Fits planned (0: a stage without fits).</param>
/// <param name="IsNote">True for a line to print once (the search's plan) rather than a stage.</param>
public sealed record TrainingProgress(string Stage, int Done, int Total, bool IsNote = false);

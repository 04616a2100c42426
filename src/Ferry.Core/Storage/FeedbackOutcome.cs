namespace Ferry.Core.Storage;

/// <summary>What a batch of feedback did. A label is final, so a batch is written whole or not at all: when
/// <see cref="Conflicts"/> is not empty nothing of it was written. Otherwise every item whose id matched a logged prediction
/// is recorded: <see cref="Accepted"/> counts them, the <see cref="Unchanged"/> ones (that label was already recorded: a
/// retry is idempotent) and the <see cref="Replaced"/> ones (an admin replaced the label) included; the
/// <see cref="UnknownIds"/> matched no logged prediction and were not stored.</summary>
public sealed record FeedbackOutcome(int Accepted, int Unchanged, int Replaced, IReadOnlyList<string> UnknownIds, IReadOnlyList<FeedbackConflict> Conflicts);

using Ferry.Core.Monitoring;

namespace Ferry.Server.Apis;

/// <summary>`GET /health`: each part of the server, so an operator sees which one fails.</summary>
/// <param name="Status">"ok", or "degraded" when the store fails (predictions are still answered: see /health/ready).</param>
/// <param name="Models">Each model served, with the versions loaded.</param>
/// <param name="Store">The store as its users last found it.</param>
/// <param name="Log">The prediction log's queue and losses.</param>
/// <param name="Admission">The work in flight and its budgets.</param>
public sealed record HealthReport(string Status, IReadOnlyList<ModelHealth> Models, StoreHealth Store, LogHealth Log, AdmissionHealth Admission);

/// <param name="Model">The model's name.</param>
/// <param name="Version">The champion version loaded and answering.</param>
/// <param name="Challenger">The version loaded to score in shadow, or null.</param>
public sealed record ModelHealth(string Model, int Version, int? Challenger);

/// <param name="Status">"ok", "failing" when the latest judgement (which reads it) or the latest log write failed, or
/// "unknown" before either ran.</param>
/// <param name="Read">How the latest judgement ended.</param>
/// <param name="Written">How the latest prediction log write ended.</param>
public sealed record StoreHealth(string Status, StoreOutcome? Read, StoreOutcome? Written);

/// <param name="Enabled">False when the server does not log predictions.</param>
/// <param name="QueuedRows">Records waiting to be written.</param>
/// <param name="QueuedBytes">Their estimated bytes.</param>
/// <param name="MaxRows">The most records the queue holds.</param>
/// <param name="MaxBytes">The most bytes the queue holds.</param>
/// <param name="Dropped">Records lost since start, by reason (queue_rows, queue_bytes, store).</param>
/// <param name="TruncatedCells">Logged cells cut to the longest a cell keeps.</param>
public sealed record LogHealth(bool Enabled, int QueuedRows, long QueuedBytes, int MaxRows, long MaxBytes, IReadOnlyDictionary<string, long> Dropped, long TruncatedCells);

/// <param name="RowsInFlight">Request rows being predicted now.</param>
/// <param name="MaxRowsInFlight">Their budget.</param>
/// <param name="BytesInFlight">Request body bytes being read and parsed now.</param>
/// <param name="MaxBytesInFlight">Their budget.</param>
public sealed record AdmissionHealth(long RowsInFlight, int MaxRowsInFlight, long BytesInFlight, long MaxBytesInFlight);

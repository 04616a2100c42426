namespace Ferry.Core.Storage;

/// <summary>A webhook body that could not be delivered yet, kept in the store's outbox until its receiver takes it.</summary>
/// <param name="Id">Its place in the outbox: bodies are delivered in this order.</param>
/// <param name="Model">The model it is about.</param>
/// <param name="Url">Where it goes (`monitor.webhook`).</param>
/// <param name="What">What it tells, for the log (such as <c>alert accuracy_below</c>).</param>
/// <param name="Body">The JSON body, as first formatted.</param>
/// <param name="At">When it was first sent.</param>
public sealed record PendingWebhook(long Id, string Model, Uri Url, string What, string Body, DateTimeOffset At);

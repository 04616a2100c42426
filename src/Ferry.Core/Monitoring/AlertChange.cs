using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>An alert that opened or resolved, as logged and POSTed to the webhook.</summary>
public sealed record AlertChange(string Event, int Version, Alert Alert);

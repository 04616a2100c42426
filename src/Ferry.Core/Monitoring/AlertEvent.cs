using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>An alert that opened or resolved, as POSTed to `monitor.webhook` in Ferry's format.</summary>
/// <param name="Event">opened or resolved.</param>
/// <param name="Text">The change in one line, with the dashboard link when its address is known.</param>
/// <param name="Version">The version served.</param>
/// <param name="Alert">The alert.</param>
internal sealed record AlertEvent(string Event, string Text, int Version, Alert Alert);

namespace Ferry.Core.Monitoring;

/// <summary>How sending a webhook body ended.</summary>
/// <param name="Delivered">The receiver answered 2xx.</param>
/// <param name="Retryable">It may take the body later (network error, timeout, 5xx, 429); false: it refused it.</param>
/// <param name="Error">What went wrong, in words.</param>
/// <param name="Status">The receiver's status code, when it answered.</param>
/// <param name="Attempts">How many times it was sent.</param>
internal sealed record WebhookResult(bool Delivered, bool Retryable, string Error, int? Status, int Attempts = 1)
{
    public static WebhookResult Success { get; } = new(true, false, "", null);
}

namespace Ferry.Server.Apis;

/// <summary>Why the server answers a request with a problem instead of its result, each kind one status
/// (<see cref="ProblemResults.Status"/>).</summary>
internal enum RequestRefusal
{
    /// <summary>A body or field that is not what the endpoint reads, or no model named where several are served (400).</summary>
    Invalid,

    /// <summary>A model that is not served here (404).</summary>
    NotFound,

    /// <summary>More rows than one request may carry (413).</summary>
    TooLarge,

    /// <summary>A body of another content type or charset than UTF-8 JSON, or in an encoding the server does not decode (415).</summary>
    Unsupported,

    /// <summary>More work than the server takes at once: retry later (503, with the Retry-After the admission set).</summary>
    AtCapacity,
}

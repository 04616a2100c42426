using System.ComponentModel.DataAnnotations;

namespace Ferry.Server;

/// <summary>What `ferry serve` serves: the champion of the model a spec describes.</summary>
public sealed class ServeOptions
{
    public const string Section = "Ferry";

    /// <summary>Path of the ferry.yaml whose model (and store) is served, or a store (a directory or a postgres:// URL)
    /// whose every champion is served.</summary>
    [Required]
    public string Spec { get; set; } = "";

    /// <summary>The largest request body accepted, in bytes (413 beyond).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How often the registry is checked for a new champion, in seconds.</summary>
    [Range(0.1, 3600)]
    public double ReloadSeconds { get; set; } = 2;

    /// <summary>The bearer key of the admin endpoints (from FERRY_ADMIN_KEY); without one they answer 401.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The bearer key of the feedback endpoint (from FERRY_FEEDBACK_KEY); the admin key works too. Without one,
    /// feedback is open.</summary>
    public string? FeedbackKey { get; set; }

    /// <summary>The most rows one request may carry (413 beyond).</summary>
    [Range(1, int.MaxValue)]
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Log every prediction (and failed request) to the store for monitoring.</summary>
    public bool PredictionLog { get; set; } = true;

    /// <summary>The most bytes of predictions waiting in memory to be logged; beyond, they are dropped and counted.</summary>
    [Range(1024, long.MaxValue)]
    public long LogQueueBytes { get; set; } = Core.Monitoring.PredictionLogLimits.DefaultBytes;

    /// <summary>The longest text a logged cell keeps; a longer value is logged cut to this many characters (and counted).</summary>
    [Range(1, int.MaxValue)]
    public int LogCellChars { get; set; } = Core.Monitoring.PredictionLogLimits.DefaultCellChars;

    /// <summary>The most request rows being predicted at once, server-wide; a request whose rows do not fit answers 503
    /// with Retry-After at once (a request arriving when none is in flight always fits).</summary>
    [Range(1, int.MaxValue)]
    public int MaxRowsInFlight { get; set; } = Models.RowAdmission.DefaultRows;

    /// <summary>The most request body bytes being read and parsed at once, server-wide (a body of unknown length counts as
    /// <see cref="MaxBodyBytes"/>); beyond, 503 with Retry-After before the body is read.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytesInFlight { get; set; } = Models.RowAdmission.DefaultBytes;

    /// <summary>How often drift, performance and health are judged and alerts raised or resolved, in seconds; null: the
    /// spec's `monitor.every` (the shortest of the models served).</summary>
    [Range(0.1, 86400)]
    public double? MonitorSeconds { get; set; }

    /// <summary>How long the server keeps answering after it is told to stop (SIGTERM), reporting not ready, before it
    /// stops accepting (<see cref="ShutdownDrain"/>); 0 by default, `ferry serve --drain` sets 5 s.</summary>
    [Range(0, 3600)]
    public double DrainSeconds { get; set; }

    /// <summary>The browser origins allowed to call the API from another origin (<see cref="CorsOrigins"/>); none by default.</summary>
    public List<string> Cors { get; set; } = [];
}

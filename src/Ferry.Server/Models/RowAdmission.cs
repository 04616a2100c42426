using System.Globalization;
using Ferry.Server.Apis;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Models;

/// <summary>Admits prediction work by what is in flight server-wide: body bytes before a body is read and parsed (a
/// parsed 8 MB body costs memory before its rows are known), then rows before they are predicted. Work that does not fit
/// is refused at once (<see cref="RequestRefusal.AtCapacity"/>: 503 with Retry-After), never queued; what a request was admitted is released when it ends,
/// however it ends. A request arriving when nothing is in flight always fits, so no limit can refuse every request.</summary>
public sealed class RowAdmission(IOptions<ServeOptions> options, ServerMetrics metrics, IHttpContextAccessor accessor)
{
    /// <summary>Four requests of the default 10,000 rows at once.</summary>
    public const int DefaultRows = 40_000;

    /// <summary>Sixteen bodies of the default 8 MB at once.</summary>
    public const long DefaultBytes = 128L * 1024 * 1024;

    private const int RetryAfterSeconds = 1;
    private const int Rows = 0;
    private const int Bytes = 1;
    private readonly long[] _inFlight = new long[2];

    public long RowsInFlight => Interlocked.Read(ref _inFlight[Rows]);

    public long BytesInFlight => Interlocked.Read(ref _inFlight[Bytes]);

    /// <summary>Admits the current request's body (its Content-Length, or the body limit when it has none) before it is
    /// read; refuses it when it does not fit, or when the rows in flight already fill their budget (its rows could not fit
    /// either, and parsing it would take the CPU from the requests being predicted), and then closes the connection after
    /// the answer, so the server does not receive the refused body to keep the connection open.</summary>
    public void AdmitBody()
    {
        var context = Context;
        var length = context.Request.ContentLength ?? options.Value.MaxBodyBytes;
        var rows = RowsInFlight;
        var refused = rows >= options.Value.MaxRowsInFlight
            ? Refuse(context, "rows", $"{rows} rows are in flight; the server takes {options.Value.MaxRowsInFlight} at once")
            : Admit(context, Bytes, Math.Min(length, options.Value.MaxBodyBytes), options.Value.MaxBytesInFlight, "bytes");
        if (refused is not null)
        {
            context.Response.Headers.Connection = "close";
            throw refused;
        }
    }

    /// <summary>Admits the current request's <paramref name="rows"/>, or refuses them when they do not fit. More rows
    /// than one request may carry are let through uncounted: they are answered 413, not predicted.</summary>
    public void AdmitRows(int rows)
    {
        if (rows <= options.Value.MaxRows && Admit(Context, Rows, rows, options.Value.MaxRowsInFlight, "rows") is { } refused)
        {
            throw refused;
        }
    }

    private HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("admission outside a request");

    private RequestRefusedException? Admit(HttpContext context, int kind, long amount, long budget, string unit)
    {
        var total = Interlocked.Add(ref _inFlight[kind], amount);
        if (total > budget && total != amount)
        {
            Interlocked.Add(ref _inFlight[kind], -amount);
            return Refuse(context, unit, $"{total - amount} {unit} are in flight and this request brings {amount}; the server takes {budget} at once");
        }

        context.Response.RegisterForDispose(new Release(_inFlight, kind, amount));
        return null;
    }

    private RequestRefusedException Refuse(HttpContext context, string unit, string reason)
    {
        metrics.AdmissionRefused.WithLabels(unit).Inc();
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return new RequestRefusedException(RequestRefusal.AtCapacity, "The server is at capacity.", $"{reason}: retry after {RetryAfterSeconds} s");
    }

    private sealed class Release(long[] inFlight, int kind, long amount) : IDisposable
    {
        public void Dispose() => Interlocked.Add(ref inFlight[kind], -amount);
    }
}

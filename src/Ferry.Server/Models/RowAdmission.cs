using System.Globalization;
using Ferry.Server.Apis;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Models;

/// <summary>Admits prediction work by what is in flight server-wide: body bytes before a body is read and parsed (a
/// parsed 8 MB body costs memory before its rows are known; a body of unknown length as it is read), then rows before they are predicted. Work that does not fit
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

    /// <summary>Admits the current request's body before it is read: its Content-Length; or, for a body of unknown length
    /// (chunked, or compressed and decoded as it is read), each block as it is read, so a small compressed body costs what
    /// it decodes to, not the body limit. It is refused when it does not fit (a body of unknown length once the bytes read
    /// no longer fit), or when the rows in flight already fill their budget (its rows could not fit either, and parsing it
    /// would take the CPU from the requests being predicted), and then the connection is closed after the answer, so the
    /// server does not receive the refused body to keep the connection open.</summary>
    public void AdmitBody()
    {
        var context = Context;
        var rows = RowsInFlight;
        var refused = rows >= options.Value.MaxRowsInFlight
            ? Refuse(context, "rows", $"{rows} rows are in flight; the server takes {options.Value.MaxRowsInFlight} at once")
            : context.Request.ContentLength is { } length ? Admit(context, Bytes, Math.Min(length, options.Value.MaxBodyBytes), options.Value.MaxBytesInFlight, "bytes") : null;
        if (refused is not null)
        {
            throw Closing(context, refused);
        }

        if (context.Request.ContentLength is null)
        {
            var charge = new BodyCharge(this, context, options.Value.MaxBytesInFlight);
            context.Response.RegisterForDispose(charge);
            context.Request.Body = new ChargedBody(context.Request.Body, charge);
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

    private static RequestRefusedException Closing(HttpContext context, RequestRefusedException refused)
    {
        context.Response.Headers.Connection = "close";
        return refused;
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

    /// <summary>The bytes a body of unknown length has brought so far, admitted block by block and given back when the
    /// request ends; a block that does not fit is refused, unless this body is all that is in flight.</summary>
    private sealed class BodyCharge(RowAdmission admission, HttpContext context, long budget) : IDisposable
    {
        private long _charged;

        public void Add(int bytes)
        {
            var total = Interlocked.Add(ref admission._inFlight[Bytes], bytes);
            var own = Interlocked.Add(ref _charged, bytes);
            if (total > budget && total != own)
            {
                Interlocked.Add(ref admission._inFlight[Bytes], -bytes);
                Interlocked.Add(ref _charged, -bytes);
                throw Closing(context, admission.Refuse(context, "bytes",
                    $"{total - own} bytes are in flight and this request brings {own} so far; the server takes {budget} at once"));
            }
        }

        public void Dispose() => Interlocked.Add(ref admission._inFlight[Bytes], -Interlocked.Exchange(ref _charged, 0));
    }

    /// <summary>A request body whose every block read is admitted (<see cref="BodyCharge"/>) before it is handed on.</summary>
    private sealed class ChargedBody(Stream body, BodyCharge charge) : ReadOnlyBodyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => Charged(body.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Charged(await body.ReadAsync(buffer, cancellationToken));

        private int Charged(int read)
        {
            charge.Add(read);
            return read;
        }
    }
}

using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>An OTLP/HTTP receiver on loopback, as an OpenTelemetry collector's `otlphttp` receiver is: it takes protobuf
/// exports at /v1/traces and /v1/metrics, answers 200 with an empty response message, and reads back the spans and
/// the metric names they hold (the wire format decoded field by field with Google.Protobuf's reader: OTLP's generated
/// classes are not served here).</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Every export received: its path and body.</summary>
    public IReadOnlyList<(string Path, byte[] Body)> Exports => [.. _exports];

    public string Url => _app.Urls.First();

    /// <summary>Listens on <paramref name="url"/> (port 0: a free one).</summary>
    public static async Task<OtlpReceiver> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((context.Request.Path.Value!, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Every span exported so far.</summary>
    public IReadOnlyList<Span> Spans() => [.. Exports.Where(e => e.Path == "/v1/traces").SelectMany(e => ReadSpans(e.Body))];

    /// <summary>The names of every metric exported so far.</summary>
    public HashSet<string> MetricNames() => Exports.Where(e => e.Path == "/v1/metrics")
        .SelectMany(e => Nested(e.Body, 1).SelectMany(resource => Nested(resource, 2)).SelectMany(scope => Nested(scope, 2)))
        .Select(metric => Text(metric, 1)).ToHashSet();

    /// <summary>Waits, at most 20 s, until <paramref name="done"/> holds of the spans exported, then returns them.</summary>
    public async Task<IReadOnlyList<Span>> SpansAsync(Func<IReadOnlyList<Span>, bool> done)
    {
        for (var attempt = 0; attempt < 200 && !done(Spans()); attempt++)
        {
            await Task.Delay(100);
        }

        return Spans();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A span as OTLP carries it: ids in hex, its name, its string and integer attributes, and its resource's.</summary>
    public sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes,
        IReadOnlyDictionary<string, string> Resource);

    /// <summary>ExportTraceServiceRequest: resource_spans (1) of a resource (1) and scope_spans (2), each with spans (2).</summary>
    private static IEnumerable<Span> ReadSpans(byte[] request)
    {
        foreach (var resourceSpans in Nested(request, 1))
        {
            var resource = Nested(resourceSpans, 1).Select(r => Attributes(r, 1)).FirstOrDefault() ?? new Dictionary<string, string>();
            foreach (var span in Nested(resourceSpans, 2).SelectMany(scope => Nested(scope, 2)))
            {
                yield return new Span(Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5), Attributes(span, 9), resource);
            }
        }
    }

    /// <summary>KeyValue (key 1, AnyValue 2: string 1, bool 2, int 3) attributes held at <paramref name="field"/>.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field) => Nested(message, field).ToDictionary(
        pair => Text(pair, 1),
        pair => Nested(pair, 2).Select(Value).FirstOrDefault() ?? "");

    /// <summary>An AnyValue as text: its string (1), bool (2) or int (3); "" for any other kind.</summary>
    private static string Value(byte[] anyValue) => Fields(anyValue).Select(f => f.Field switch
    {
        1 => f.Bytes is { } text ? System.Text.Encoding.UTF8.GetString(text) : "",
        2 or 3 => f.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    }).FirstOrDefault() ?? "";

    private static string Text(byte[] message, int field) =>
        Nested(message, field).Select(System.Text.Encoding.UTF8.GetString).FirstOrDefault() ?? "";

    private static string Hex(byte[] message, int field) => Nested(message, field).Select(Convert.ToHexStringLower).FirstOrDefault() ?? "";

    /// <summary>The length-delimited values (messages, strings, bytes) of <paramref name="field"/>, in order.</summary>
    private static IEnumerable<byte[]> Nested(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field && f.Bytes is not null).Select(f => f.Bytes!);

    /// <summary>Every field of a message: its number, and its bytes (length-delimited) or its varint.</summary>
    private static List<(int Field, byte[]? Bytes, ulong Number)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[]?, ulong)>();
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((field, input.ReadBytes().ToByteArray(), 0));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add((field, null, input.ReadUInt64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Ferry.Server.Apis;

/// <summary>The one JSON parser of request bodies: refuses (<see cref="RequestRefusedException"/>) with 415 another
/// content type, a charset other than UTF-8 or a Content-Encoding left undecoded (<see cref="DecodedBodies"/> decodes
/// gzip, br and deflate), and with 400 a body that is
/// not JSON, nests deeper than 64 levels, repeats a field in one object, or holds a string or field name that is not
/// valid UTF-8 or escapes an unpaired surrogate, each naming where. So every string of a body it
/// accepts can be read. An endpoint marked <see cref="ReadsNonFiniteAsNull"/> (MLflow's /invocations, Open Inference's
/// infer) also reads Python's bare NaN, Infinity and -Infinity as null, a missing value (<see cref="NonFiniteTokens"/>);
/// every other endpoint keeps JSON strict; one marked <see cref="ReadsMissingContentTypeAsJson"/> (Open Inference's infer)
/// reads a body sent without a Content-Type as JSON. A body past the size limit throws Kestrel's 413, which
/// <see cref="ProblemExceptionHandler"/> answers.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions s_options = new() { AllowDuplicateProperties = false, MaxDepth = 64 };
    private static readonly JsonSerializerOptions s_bind = new(JsonSerializerOptions.Web)
    {
        RespectRequiredConstructorParameters = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RequireJson(request);
        return NonFinite(request) ? Parse(request, await ReadAllAsync(request, cancellationToken)) : await ParseAsync(request, cancellationToken);
    }

    /// <summary>Refuses (415) a request whose content type is not JSON (application/json or any +json), nor
    /// <paramref name="alsoAccepted"/>, with a charset other than UTF-8 or an encoding left undecoded; a request without a
    /// Content-Type is JSON on an endpoint marked <see cref="ReadsMissingContentTypeAsJson"/>.</summary>
    public static void RequireJson(HttpRequest request, string? alsoAccepted = null)
    {
        if (request.ContentType is null && request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MissingContentTypeAsJson>() is not null)
        {
            RequireUtf8(request, new Microsoft.Net.Http.Headers.MediaTypeHeaderValue("application/json"), "JSON");
            return;
        }

        // Parsed once: what HttpRequest.HasJsonContentType accepts (application/json or any +json), then its charset.
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
                || (alsoAccepted is not null && type.MediaType.Equals(alsoAccepted, StringComparison.OrdinalIgnoreCase))))
        {
            throw new RequestRefusedException(RequestRefusal.Unsupported, "Unsupported content type.",
                $"the body must be application/json{(alsoAccepted is null ? "" : $" or {alsoAccepted}")}, not '{request.ContentType ?? "(none)"}'");
        }

        RequireUtf8(request, type, "JSON");
    }

    /// <summary>The JSON of <paramref name="json"/> (a body already read, or its first part), held to every rule of
    /// <see cref="ReadAsync(HttpRequest, CancellationToken)"/> but the content type, which the caller checked.</summary>
    public static JsonDocument Parse(HttpRequest request, ReadOnlyMemory<byte> json)
    {
        NonFiniteTokens? rewritten = null;
        try
        {
            return Readable(NonFinite(request) ? JsonDocument.Parse((rewritten = NonFiniteTokens.AsNull(json)).Json, s_options) : JsonDocument.Parse(json, s_options));
        }
        catch (JsonException e)
        {
            throw Invalid(e, rewritten);
        }
        catch (InvalidOperationException)
        {
            throw Surrogate();
        }
    }

    private static async Task<JsonDocument> ParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return Readable(await JsonDocument.ParseAsync(request.Body, s_options, cancellationToken));
        }
        catch (JsonException e)
        {
            throw Invalid(e, null);
        }
        catch (InvalidOperationException)
        {
            throw Surrogate();
        }
    }

    private static bool NonFinite(HttpRequest request) => request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<NonFiniteAsNull>() is not null;

    /// <summary>The document, once every string in it can be read as text; else disposed and refused.</summary>
    private static JsonDocument Readable(JsonDocument document)
    {
        if (UnreadableString(document.RootElement) is { } at)
        {
            document.Dispose();
            throw Invalid($"the {at} is not valid UTF-8, or escapes an unpaired surrogate such as \\ud800");
        }

        return document;
    }

    /// <summary>Where the JSON stops being JSON, as the client sent it, and the parser's reason ("'x' is invalid after a
    /// value. Expected either ',', '}', or ']'.", "The maximum configured depth of 64 has been exceeded.") without its own
    /// position suffix.</summary>
    private static RequestRefusedException Invalid(JsonException e, NonFiniteTokens? rewritten)
    {
        var cut = new[] { " Path: ", " LineNumber: " }.Select(suffix => e.Message.IndexOf(suffix, StringComparison.Ordinal)).Where(at => at > 0).DefaultIfEmpty(e.Message.Length).Min();
        var reason = e.Message[..cut];
        return Invalid(e.LineNumber is { } line
            ? $"invalid JSON at line {line + 1}, byte {(rewritten?.OriginalColumn(line, e.BytePositionInLine ?? 0) ?? e.BytePositionInLine) + 1}: {reason}"
            : $"invalid JSON: {reason}");
    }

    private static RequestRefusedException Surrogate() => Invalid("a field name is not valid UTF-16: it escapes an unpaired surrogate");

    /// <summary>A body read by <see cref="ReadAsync(HttpRequest, CancellationToken)"/> and bound to the record
    /// <typeparamref name="T"/> (camelCase fields, each of its parameters required): a body that is not an object of that
    /// shape is 400 naming the field that is missing or does not hold its type.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        using var document = await ReadAsync(request, cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unfit($"expected a JSON object, found {JsonRowReader.Describe(root.ValueKind)}");
        }

        try
        {
            return root.Deserialize<T>(s_bind)!;
        }
        catch (JsonException e)
        {
            throw Unfit(e.Message.Split("including: ") is [_, var missing] ? $"the body needs the field(s) {missing.TrimEnd('.')}"
                : $"the field {e.Path} does not hold the expected type");
        }
    }

    /// <summary>Marks endpoints whose JSON bodies may hold the bare tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>
    /// outside strings, as Python's <c>json.dumps</c> writes a missing value (MLflow's and tritonclient's bodies): each is read
    /// as null, a missing value, never as a number. Every other refusal stays.</summary>
    public static TBuilder ReadsNonFiniteAsNull<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder => endpoints.WithMetadata(NonFiniteAsNull.Instance);

    /// <summary>Marks endpoints that read a body sent without a Content-Type as JSON, as tritonclient and KServe's clients
    /// send theirs; a Content-Type that is not JSON is still refused (415).</summary>
    public static TBuilder ReadsMissingContentTypeAsJson<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder => endpoints.WithMetadata(MissingContentTypeAsJson.Instance);

    /// <summary>Refuses (415) a body whose charset is not UTF-8, or that is compressed (Content-Encoding): what every body
    /// reader (JSON here, MLflow's CSV) takes.</summary>
    public static void RequireUtf8(HttpRequest request, Microsoft.Net.Http.Headers.MediaTypeHeaderValue type, string what)
    {
        if (type.Charset is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRefusedException(RequestRefusal.Unsupported, "Unsupported content type.", $"{what} bodies are UTF-8, not charset '{charset}'");
        }

        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !string.Equals(encoding.ToString(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRefusedException(RequestRefusal.Unsupported, "Unsupported content encoding.",
                $"Content-Encoding '{encoding}' is not supported: send the body uncompressed or with one of gzip, br, deflate");
        }
    }

    /// <summary>The whole body (Kestrel's size limit throws its 413 while it is read).</summary>
    public static async Task<byte[]> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static RequestRefusedException Unfit(string detail) => new(RequestRefusal.Invalid, "The body does not fit this request.", detail);

    private static RequestRefusedException Invalid(string detail) => new(RequestRefusal.Invalid, "The body is not valid JSON.", detail);

    /// <summary>The first string or field name that cannot be read as text, or null.</summary>
    private static Unreadable? UnreadableString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(JsonMarshal.GetRawUtf8Value(element)) ?? Decodes(element) ? null : new Unreadable("string", "$");
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnreadableString(item) is { } inner)
                    {
                        return inner.Within($"[{index}]");
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!(Readable(JsonMarshal.GetRawUtf8PropertyName(property)) ?? Decodes(property)))
                    {
                        return new Unreadable("field name", "$");
                    }

                    if (UnreadableString(property.Value) is { } inner)
                    {
                        return inner.Within($".{property.Name}");
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>False for raw UTF-8 that is invalid, true for valid text without escapes, null when escapes must be
    /// decoded to find an unpaired surrogate (so most strings cost one scan and no allocation).</summary>
    private static bool? Readable(ReadOnlySpan<byte> raw) =>
        !Utf8.IsValid(raw) ? false : raw.IndexOf((byte)'\\') < 0 ? true : null;

    private static bool Decodes(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Decodes(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>An unreadable string: what it is (a string or a field name) and its JSON path.</summary>
    private sealed record Unreadable(string What, string Path)
    {
        public Unreadable Within(string segment) => this with { Path = "$" + segment + Path[1..] };

        public override string ToString() => $"{What} at {Path}";
    }

    private sealed class NonFiniteAsNull
    {
        public static readonly NonFiniteAsNull Instance = new();
    }

    private sealed class MissingContentTypeAsJson
    {
        public static readonly MissingContentTypeAsJson Instance = new();
    }
}

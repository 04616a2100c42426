using System.Buffers;

namespace Ferry.Server.Apis;

/// <summary>A JSON body with the bare tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> outside strings (Python's
/// <c>json.dumps</c> of a missing value) rewritten to <c>null</c>, for <see cref="JsonBody"/>; every other byte is kept, so
/// the parser still refuses what is not JSON, and <see cref="OriginalColumn"/> names a parse error's byte as the client sent
/// it. The body is copied in runs between the bytes that matter (quotes, escapes, a token's first letter), and not at all
/// when it has no N or I; where each rewrite moved the bytes is worked out again only for a parse error.</summary>
internal sealed class NonFiniteTokens
{
    private static readonly byte[][] s_tokens = ["NaN"u8.ToArray(), "Infinity"u8.ToArray(), "-Infinity"u8.ToArray()];
    private static readonly SearchValues<byte> s_letters = SearchValues.Create("NI"u8);
    private static readonly SearchValues<byte> s_special = SearchValues.Create("\"\\NI-"u8);

    private readonly ReadOnlyMemory<byte> _body;

    private NonFiniteTokens(ReadOnlyMemory<byte> body)
    {
        _body = body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body;
        if (!_body.Span.ContainsAny(s_letters))
        {
            Json = _body;
            return;
        }

        var output = new byte[_body.Length + (_body.Length / 3) + 4];
        Json = output.AsMemory(0, Rewrite(_body.Span, output, null));
    }

    /// <summary>The rewritten body, without a UTF-8 byte order mark.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public static NonFiniteTokens AsNull(ReadOnlyMemory<byte> body) => new(body);

    /// <summary>The 0-based byte in its line of the original body for one of the rewritten body.</summary>
    public long OriginalColumn(long line, long column)
    {
        var shifts = new List<(long Line, long Column, int Shift)>();
        Rewrite(_body.Span, new byte[Json.Length], shifts);
        return column + shifts.Where(s => s.Line == line && s.Column <= column).Sum(s => s.Shift);
    }

    /// <summary>Writes the rewritten <paramref name="body"/> to <paramref name="output"/> and returns its length; with
    /// <paramref name="shifts"/>, adds each rewrite's line, the column just past its null in the rewritten text, and how many
    /// bytes the original token was longer than null.</summary>
    private static int Rewrite(ReadOnlySpan<byte> body, Span<byte> output, List<(long Line, long Column, int Shift)>? shifts)
    {
        var (written, inString, line, lineStart) = (0, false, 0L, 0);
        for (var i = 0; i < body.Length;)
        {
            var b = body[i];
            if (!inString && b is ((byte)'N' or (byte)'I' or (byte)'-') && Token(body, i) is { } token)
            {
                "null"u8.CopyTo(output[written..]);
                written += 4;
                i += token.Length;
                shifts?.Add((line, written - lineStart, token.Length - 4));
                continue;
            }

            var length = b is (byte)'"' or (byte)'\\' or (byte)'N' or (byte)'I' or (byte)'-'
                ? inString && b == '\\' && i + 1 < body.Length ? 2 : 1
                : body[i..].IndexOfAny(s_special) is var run and >= 0 ? run : body.Length - i;
            inString = b == '"' ? !inString : inString;
            var copied = output.Slice(written, length);
            body.Slice(i, length).CopyTo(copied);
            if (shifts is not null && copied.LastIndexOf((byte)'\n') is var last and >= 0)
            {
                (line, lineStart) = (line + copied.Count((byte)'\n'), written + last + 1);
            }

            (i, written) = (i + length, written + length);
        }

        return written;
    }

    /// <summary>The non-finite token starting at <paramref name="at"/> and ending where a JSON value may end, or null.</summary>
    private static byte[]? Token(ReadOnlySpan<byte> body, int at)
    {
        foreach (var token in s_tokens)
        {
            var end = at + token.Length;
            if (body[at..].StartsWith(token) && (end == body.Length || body[end] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)']' or (byte)'}'))
            {
                return token;
            }
        }

        return null;
    }
}

namespace Ferry.Server.Apis;

/// <summary>A JSON body with the bare tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> outside strings (Python's
/// <c>json.dumps</c> of a missing value) rewritten to <c>null</c>, for <see cref="JsonBody"/>; every other byte is kept, so
/// the parser still refuses what is not JSON, and <see cref="OriginalColumn"/> names a parse error's byte as the client sent it.</summary>
internal sealed class NonFiniteTokens
{
    private static readonly byte[][] s_tokens = ["NaN"u8.ToArray(), "Infinity"u8.ToArray(), "-Infinity"u8.ToArray()];

    /// <summary>Each rewrite: its line, the column just past its null in the rewritten text, and how many bytes the
    /// original token was longer than null.</summary>
    private readonly List<(long Line, long Column, int Shift)> _shifts = [];

    private NonFiniteTokens(ReadOnlySpan<byte> body)
    {
        var start = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        var output = new byte[body.Length + (body.Length / 3) + 4];
        var (written, line, lineStart, inString) = (0, 0L, 0, false);
        for (var i = start; i < body.Length;)
        {
            var b = body[i];
            if (!inString && b is ((byte)'N' or (byte)'I' or (byte)'-') && Token(body, i) is { } token)
            {
                "null"u8.CopyTo(output.AsSpan(written));
                written += 4;
                i += token.Length;
                _shifts.Add((line, written - lineStart, token.Length - 4));
                continue;
            }

            var escaped = inString && b == '\\' && i + 1 < body.Length;
            inString = b == '"' ? !inString : inString;
            foreach (var copied in body.Slice(i, escaped ? 2 : 1))
            {
                output[written++] = copied;
                (line, lineStart) = copied == '\n' ? (line + 1, written) : (line, lineStart);
            }

            i += escaped ? 2 : 1;
        }

        Json = output.AsMemory(0, written);
    }

    /// <summary>The rewritten body, without a UTF-8 byte order mark.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public static NonFiniteTokens AsNull(ReadOnlyMemory<byte> body) => new(body.Span);

    /// <summary>The 0-based byte in its line of the original body for one of the rewritten body.</summary>
    public long OriginalColumn(long line, long column) =>
        column + _shifts.Where(s => s.Line == line && s.Column <= column).Sum(s => s.Shift);

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

using System.Text;
using Ferry.Core;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Prediction;

namespace Ferry.Server.Apis;

/// <summary>The rows of a CSV body (<c>text/csv</c>, <c>application/csv</c>) of `POST /invocations`, read as MLflow's
/// <c>pandas.read_csv</c> reads them: a header row of column names, then one row per prediction. The text is read as a
/// data file is (<see cref="CsvText"/>: quoted fields, missing-value tokens such as empty, NA or NaN), each cell then put
/// into the model's input by <see cref="CellParser"/> as a file's cell is; a bad body, header or cell is 400 naming its
/// line and column. Columns the model does not take are not read, as MLflow's schema enforcement ignores them and as
/// Ferry's JSON bodies do: so a first column without a name, the index <c>DataFrame.to_csv()</c> writes (which
/// <c>read_csv</c> calls "Unnamed: 0"), is left out too.</summary>
internal static class MlflowCsv
{
    private const string Name = "the CSV body";

    /// <summary>How pandas' to_csv (inf, -inf) and Python's repr write an infinity: in a numeric column a missing value, as
    /// the JSON bodies' bare Infinity is (<see cref="JsonBody.ReadsNonFiniteAsNull"/>).</summary>
    private static readonly HashSet<string?> s_infinities = new(StringComparer.OrdinalIgnoreCase) { "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity" };

    /// <summary>The body's header and rows, at most <paramref name="maxRows"/> of them: a body with more is refused (413)
    /// at the first row past the limit, before the rest is read into cells. The bytes are decoded as they are read, a
    /// UTF-8 byte-order mark (Excel's "CSV UTF-8") skipped.</summary>
    public static async Task<MlflowCsvTable> ReadAsync(HttpRequest request, Microsoft.Net.Http.Headers.MediaTypeHeaderValue type, int maxRows, CancellationToken cancellationToken)
    {
        JsonBody.RequireUtf8(request, type, "CSV");
        var bytes = await JsonBody.ReadAllAsync(request, cancellationToken);
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Blank(bytes.AsSpan(Encoding.UTF8.Preamble.Length)) : Blank(bytes))
        {
            throw Invalid($"{Name} is empty: send a header row of column names, then one row per prediction");
        }

        try
        {
            using var text = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(true, true), detectEncodingFromByteOrderMarks: false);
            using var cursor = CsvText.Open(text, Name, cancellationToken, unnamedIndex: true);
            var rows = new List<MlflowCsvRow>();
            while (cursor.MoveNext())
            {
                if (rows.Count == maxRows)
                {
                    throw RequestRefusedException.TooManyRows($"more than {maxRows}", maxRows);
                }

                rows.Add(new MlflowCsvRow([.. cursor.Cells], cursor.Location));
            }

            return new MlflowCsvTable([.. cursor.Columns], rows);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid($"{Name} is not valid UTF-8");
        }
        catch (FerryException e)
        {
            throw Invalid(e.Message);
        }
    }

    private static bool Blank(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>The table's rows for the model's inputs, each a column of the header (others are not read).</summary>
    public static RequestRows Rows(MlflowCsvTable table, ModelManifest manifest)
    {
        int[] map = [.. manifest.Inputs.Select(input => Array.IndexOf(table.Columns, input.Name))];
        if (manifest.Inputs.Where((_, i) => map[i] < 0).Select(input => $"'{input.Name}'").ToArray() is { Length: > 0 } absent)
        {
            throw RequestRefusedException.Field("header", $"the CSV header has no column {string.Join(", ", absent)} that model '{manifest.Name}' needs (it names {string.Join(", ", table.Columns.Select(c => $"'{c}'"))})");
        }

        return new RequestRows(table.Rows.Count, table.Rows.Select(row => (RowReader)((inputs, input, prefix, errors) => Read(row.Cells, map, inputs, input, prefix, errors))),
            i => $"{table.Rows[i].Location}.");
    }

    private static void Read(string?[] cells, int[] map, IReadOnlyList<ColumnInfo> inputs, InputRow row, string prefix, Dictionary<string, string[]> errors)
    {
        for (var c = 0; c < inputs.Count; c++)
        {
            var text = inputs[c].Kind == ColumnKind.Number && s_infinities.Contains(cells[map[c]]) ? null : cells[map[c]];
            if (CellParser.TrySet(row, c, inputs[c], text) is { } expected)
            {
                errors[prefix + inputs[c].Name] = [$"{prefix.TrimEnd('.')} column '{inputs[c].Name}': expected {expected}, found '{JsonRowReader.Shorten(text!)}'"];
            }
        }
    }

    private static RequestRefusedException Invalid(string detail) => new(RequestRefusal.Invalid, "The body is not valid CSV.", detail);
}

/// <summary>A CSV body: its header's column names and its rows.</summary>
internal sealed record MlflowCsvTable(string[] Columns, IReadOnlyList<MlflowCsvRow> Rows);

/// <summary>One CSV row: its cells (null where missing) and where it is ("line 3").</summary>
internal sealed record MlflowCsvRow(string?[] Cells, string Location);

namespace Ferry.Core.Data;

/// <summary>Writes RFC 4180 CSV: fields with separators, quotes or newlines are quoted.</summary>
internal sealed class CsvWriter(TextWriter writer)
{
    public void WriteRecord(IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            writer.Write(Quote(field));
        }

        writer.Write('\n');
    }

    private static string Quote(string field) => field.AsSpan().IndexOfAny(",\"\n\r") >= 0
        ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : field;
}

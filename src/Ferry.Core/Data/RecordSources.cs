using Ferry.Core.Data.Sources;
using Ferry.Core.Spec;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ferry.Core.Data;

/// <summary>Chooses the reader for a data spec: by scheme (sqlite:, postgres://) or by file extension.</summary>
internal static class RecordSources
{
    private static readonly string[] s_extensions = [".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".ndjson", ".parquet"];

    public static IRecordSource For(DataSpec data, string baseDirectory)
    {
        if (data.Source.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(data.Source["sqlite:".Length..], data.Query, baseDirectory);
        }

        if (PostgresUrl.Matches(data.Source))
        {
            return Postgres(data.Source, data.Query);
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, data.Source));
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" => new CsvSource(path),
            ".xlsx" => new ExcelSource(path, data.Sheet),
            ".json" or ".jsonl" or ".ndjson" => new JsonSource(path),
            ".parquet" => new ParquetSource(path),
            var other => throw new FerryException($"{data.Source}: data files of type '{other}' are not supported (supported: {string.Join(", ", s_extensions)}, sqlite:PATH?query=..., postgres://...)"),
        };
    }

    /// <summary>`sqlite:PATH?query=SELECT ...` (or `data.query`).</summary>
    private static DbQuerySource Sqlite(string rest, string? query, string baseDirectory)
    {
        var mark = rest.IndexOf('?', StringComparison.Ordinal);
        var file = Path.GetFullPath(Path.Combine(baseDirectory, mark < 0 ? rest : rest[..mark]));
        if (mark >= 0 && rest[(mark + 1)..].StartsWith("query=", StringComparison.Ordinal))
        {
            query = Uri.UnescapeDataString(rest[(mark + 1 + "query=".Length)..]);
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            throw new FerryException($"sqlite:{rest}: a query is needed (sqlite:PATH?query=SELECT ... or data.query)");
        }

        if (!File.Exists(file))
        {
            throw new FerryException($"SQLite database not found: {file}");
        }

        var connection = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        return new DbQuerySource($"{Path.GetFileName(file)} ({OneLine(query)})", () => new SqliteConnection(connection), query, DbQueryMode.ReadOnlyConnection);
    }

    /// <summary>`postgres://user:password@host:port/database` with `data.query`.</summary>
    private static DbQuerySource Postgres(string url, string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new FerryException("data.query is needed with a postgres:// source (the SELECT whose rows are the data)");
        }

        var connection = PostgresUrl.ToConnectionString(url);
        var uri = new Uri(url);
        return new DbQuerySource($"postgres {uri.Host}:{uri.Port}{uri.AbsolutePath} ({OneLine(query)})", () => new NpgsqlConnection(connection), query,
            DbQueryMode.ReadOnlyTransaction);
    }

    /// <summary>A query as one line, for messages (a query written over several lines of YAML).</summary>
    private static string OneLine(string query) => string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

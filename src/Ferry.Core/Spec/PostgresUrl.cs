using Npgsql;

namespace Ferry.Core.Spec;

/// <summary>Turns `postgres://user:password@host:port/database?sslmode=...` into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    /// <summary>True when <paramref name="text"/> is written as a PostgreSQL URL (postgres:// or postgresql://).</summary>
    public static bool Matches(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new FerryException($"'{Redact(url)}' is not a valid PostgreSQL URL (expected postgres://user:password@host:port/database)");
        }

        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Pooling = false,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }

        return builder.ToString();
    }

    /// <summary>The URL with its user and password replaced by ***, for messages.</summary>
    public static string Redact(string url) => url.Contains('@', StringComparison.Ordinal) ? "postgres://***@" + url[(url.IndexOf('@', StringComparison.Ordinal) + 1)..] : url;
}

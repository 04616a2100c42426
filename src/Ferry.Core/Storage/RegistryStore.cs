using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;

namespace Ferry.Core.Storage;

/// <summary>The registry tables (versions, aliases and their history) in the store's database; with PostgreSQL also
/// the bundles themselves, so a server on another machine loads exactly the bytes that were registered.</summary>
internal sealed class RegistryStore : IFerryStore
{
    private readonly StoreDatabase _database;

    public RegistryStore(StoreDatabase database)
    {
        _database = database;
        _database.CreateSchema();
    }

    public VersionReservation ReserveVersion(string name, DateTimeOffset at)
    {
        var owner = VersionLease.NewOwner();
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        _database.LockModel(transaction, name);
        using var command = connection.Command("""
            INSERT INTO versions (name, version, created_at, owner, lease_until)
            SELECT @name, COALESCE(MAX(version), 0) + 1, @at, @owner, @until FROM versions WHERE name = @name
            RETURNING version;
            """, transaction);
        command.Add("@name", name);
        command.Add("@at", at.ToString("O"));
        command.Add("@owner", owner);
        command.Add("@until", (at + VersionLease.Duration).ToUnixTimeMilliseconds());
        var version = (int)command.ScalarInt64()!.Value;
        transaction.Commit();
        return new VersionReservation(name, version, owner);
    }

    public void RenewVersion(VersionReservation reservation, DateTimeOffset until)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("UPDATE versions SET lease_until = @until WHERE name = @name AND version = @version AND owner = @owner AND ready = 0;");
        command.Add("@name", reservation.Name);
        command.Add("@version", reservation.Version);
        command.Add("@owner", reservation.Owner);
        command.Add("@until", until.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public IReadOnlySet<int> ClearStaleVersions(string name, DateTimeOffset now)
    {
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        _database.LockModel(transaction, name);
        using var command = connection.Command("SELECT version, owner, lease_until FROM versions WHERE name = @name AND ready = 0;", transaction);
        command.Add("@name", name);
        var reserved = new List<(int Version, string Owner, long Until)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                reserved.Add((reader.GetInt32(0), reader.GetString(1), reader.Int64(2)));
            }
        }

        var inProgress = new HashSet<int>();
        command.CommandText = "DELETE FROM versions WHERE name = @name AND version = @version AND ready = 0;";
        var version = command.Add("@version", 0);
        foreach (var reservation in reserved)
        {
            if (reservation.Until >= now.ToUnixTimeMilliseconds() && !VersionLease.IsGone(reservation.Owner))
            {
                inProgress.Add(reservation.Version);
                continue;
            }

            version.Value = reservation.Version;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return inProgress;
    }

    public void CompleteVersion(VersionReservation reservation, ModelVersion version, string bundlePath)
    {
        var content = _database.HoldsBundles ? File.ReadAllBytes(bundlePath) : null;
        var sha = content is null ? Sha256(bundlePath) : Convert.ToHexStringLower(SHA256.HashData(content));
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        using var command = connection.Command("""
            UPDATE versions SET ready = 1, created_at = @at, candidate = @candidate, metric = @metric,
                metric_value = @value, success_met = @met, spec_hash = @spec, data_fingerprint = @data, size_bytes = @size, sha256 = @sha
            WHERE name = @name AND version = @version AND owner = @owner AND ready = 0;
            """, transaction);
        command.Add("@name", reservation.Name);
        command.Add("@version", reservation.Version);
        command.Add("@owner", reservation.Owner);
        command.Add("@at", version.CreatedAt.ToString("O"));
        command.Add("@candidate", version.Candidate);
        command.Add("@metric", version.Metric);
        command.Add("@value", double.IsNaN(version.MetricValue) ? null : version.MetricValue);
        command.Add("@met", version.SuccessMet ? 1 : 0);
        command.Add("@spec", version.SpecHash);
        command.Add("@data", version.DataFingerprint);
        command.Add("@size", version.SizeBytes);
        command.Add("@sha", sha);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new FerryException($"model '{version.Name}' v{version.Version} was no longer reserved when it was complete (its lease ran out and " +
                "another training cleared it as stale); train again");
        }

        if (_database.HoldsBundles)
        {
            command.CommandText = "INSERT INTO bundles (name, version, sha256, content) VALUES (@name, @version, @sha, @content);";
            command.Add("@content", content);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void FetchBundle(string name, int version, string path)
    {
        if (!_database.HoldsBundles)
        {
            return;
        }

        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT sha256 FROM bundles WHERE name = @name AND version = @version;");
        command.Add("@name", name);
        command.Add("@version", version);
        var sha = command.ExecuteScalar() as string
            ?? throw new FerryException($"model '{name}' v{version} has no bundle in the store");
        if (File.Exists(path) && Sha256(path) == sha)
        {
            return;
        }

        command.CommandText = "SELECT content FROM bundles WHERE name = @name AND version = @version;";
        var content = (byte[])command.ExecuteScalar()!;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        File.WriteAllBytes(partial, content);
        File.Move(partial, path, overwrite: true);
    }

    public string? BundleSha256(string name, int version)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT sha256 FROM versions WHERE name = @name AND version = @version AND ready = 1;");
        command.Add("@name", name);
        command.Add("@version", version);
        return command.ExecuteScalar() is string { Length: > 0 } sha ? sha : null;
    }

    public void PinBundleSha256(string name, int version, string sha256)
    {
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("UPDATE versions SET sha256 = @sha WHERE name = @name AND version = @version AND sha256 = '';");
        command.Add("@name", name);
        command.Add("@version", version);
        command.Add("@sha", sha256);
        command.ExecuteNonQuery();
    }

    public void AbandonVersion(VersionReservation reservation)
    {
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("DELETE FROM versions WHERE name = @name AND version = @version AND owner = @owner AND ready = 0;");
        command.Add("@name", reservation.Name);
        command.Add("@version", reservation.Version);
        command.Add("@owner", reservation.Owner);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ModelVersion> Versions(string name)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("""
            SELECT version, created_at, candidate, metric, metric_value, success_met, spec_hash, data_fingerprint, size_bytes
            FROM versions WHERE name = @name AND ready = 1 ORDER BY version;
            """);
        command.Add("@name", name);
        using var reader = command.ExecuteReader();
        var versions = new List<ModelVersion>();
        while (reader.Read())
        {
            versions.Add(new ModelVersion(
                name, reader.GetInt32(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetString(3), reader.NullableDouble(4) ?? double.NaN,
                reader.GetInt32(5) == 1, reader.GetString(6), reader.GetString(7), reader.Int64(8)));
        }

        return versions;
    }

    public int? Alias(string name, string alias)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT version FROM aliases WHERE name = @name AND alias = @alias;");
        command.Add("@name", name);
        command.Add("@alias", alias);
        return (int?)command.ScalarInt64();
    }

    public IReadOnlyList<string> ModelsWith(string alias)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT name FROM aliases WHERE alias = @alias ORDER BY name;");
        command.Add("@alias", alias);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public void SetAlias(string name, string alias, int version, DateTimeOffset at)
    {
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        _database.LockModel(transaction, name);
        using var command = connection.Command("""
            INSERT INTO aliases (name, alias, version) VALUES (@name, @alias, @version)
            ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version;
            INSERT INTO alias_history (name, alias, version, at) VALUES (@name, @alias, @version, @at);
            """, transaction);
        command.Add("@name", name);
        command.Add("@alias", alias);
        command.Add("@version", version);
        command.Add("@at", at.ToString("O"));
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public int? RemoveAlias(string name, string alias)
    {
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        _database.LockModel(transaction, name);
        using var command = connection.Command("DELETE FROM aliases WHERE name = @name AND alias = @alias RETURNING version;", transaction);
        command.Add("@name", name);
        command.Add("@alias", alias);
        var version = (int?)command.ScalarInt64();
        transaction.Commit();
        return version;
    }

    public int? RevertAlias(string name, string alias)
    {
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        _database.LockModel(transaction, name);
        using var command = connection.Command("""
            SELECT id, version FROM alias_history WHERE name = @name AND alias = @alias ORDER BY id DESC LIMIT 2;
            """, transaction);
        command.Add("@name", name);
        command.Add("@alias", alias);
        var rows = History(command);
        if (rows.Count < 2)
        {
            return null;
        }

        command.CommandText = """
            DELETE FROM alias_history WHERE id = @id;
            UPDATE aliases SET version = @version WHERE name = @name AND alias = @alias;
            """;
        command.Add("@id", rows[0].Id);
        command.Add("@version", rows[1].Version);
        command.ExecuteNonQuery();
        transaction.Commit();
        return rows[1].Version;
    }

    private static List<(long Id, int Version)> History(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<(long Id, int Version)>();
        while (reader.Read())
        {
            rows.Add((reader.Int64(0), reader.GetInt32(1)));
        }

        return rows;
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Testing;

/// <summary>A throw-away PostgreSQL server for tests: FERRY_TEST_POSTGRES_URL if set, otherwise Debian's
/// initdb + pg_ctl started on a free loopback port (as the postgres user when running as root).
/// <see cref="Unavailable"/> says why there is none; under CI (CI=true) not having one is a failure.</summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string? _dataDirectory;
    private readonly string? _pgCtl;

    public PostgresServer()
    {
        if (Environment.GetEnvironmentVariable("FERRY_TEST_POSTGRES_URL") is { Length: > 0 } url)
        {
            Url = url;
            return;
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).OrderDescending().FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")))
            : null;
        if (bin is null)
        {
            Unavailable = "no PostgreSQL server binaries (apt-get install postgresql) and FERRY_TEST_POSTGRES_URL is not set";
            return;
        }

        _pgCtl = Path.Combine(bin, "pg_ctl");
        _dataDirectory = Path.Combine(Path.GetTempPath(), "ferry-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDirectory);
        var port = FreePort();
        try
        {
            if (Environment.UserName == "root")
            {
                Run("chown", $"postgres \"{_dataDirectory}\"");
            }

            RunAsPostgres(Path.Combine(bin, "initdb"), $"-D \"{_dataDirectory}/data\" -A trust -U ferry --no-sync");
            RunAsPostgres(_pgCtl, $"-D \"{_dataDirectory}/data\" -l \"{_dataDirectory}/log\" -w start -o \"-p {port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off\"");
            Url = $"postgres://ferry@127.0.0.1:{port}/postgres";
        }
        catch (InvalidOperationException e)
        {
            Unavailable = $"could not start PostgreSQL: {e.Message}";
        }
    }

    public string? Url { get; }

    /// <summary>A new, empty database on the server, as a postgres:// URL.</summary>
    public string NewDatabase()
    {
        var name = "ferry_" + Guid.NewGuid().ToString("N");
        using (var connection = new Npgsql.NpgsqlConnection(Ferry.Core.Spec.PostgresUrl.ToConnectionString(Url!)))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name};";
            command.ExecuteNonQuery();
        }

        return new UriBuilder(Url!) { Path = "/" + name }.Uri.ToString();
    }

    public string? Unavailable { get; }

    /// <summary>True when a missing server must fail the test instead of skipping it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("CI") == "true";

    public void Dispose()
    {
        if (_dataDirectory is null || _pgCtl is null)
        {
            return;
        }

        try
        {
            RunAsPostgres(_pgCtl, $"-D \"{_dataDirectory}/data\" -m immediate stop");
        }
        catch (InvalidOperationException)
        {
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunAsPostgres(string program, string arguments)
    {
        if (Environment.UserName == "root")
        {
            Run("runuser", $"-u postgres -- {program} {arguments}");
        }
        else
        {
            Run(program, arguments);
        }
    }

    private static void Run(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} exited {process.ExitCode}: {error}{output.Result}");
        }
    }
}

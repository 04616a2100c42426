using System.Diagnostics;

namespace Ferry.Testing;

/// <summary>Debian's nginx as its own process on a free 127.0.0.1 port, with a configuration given by the test (its
/// pid file, logs and temporary files in a directory of its own), stopped when disposed. <see cref="Unavailable"/>
/// says why there is none; under CI (CI=true) not having one is a failure.</summary>
public sealed class NginxServer : IDisposable
{
    private const string Binary = "/usr/sbin/nginx";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ferry-nginx-" + Guid.NewGuid().ToString("N"));
    private readonly Process? _process;

    /// <summary>Starts nginx with <paramref name="http"/> as its `http { }` block's content (upstreams and servers,
    /// listening on <see cref="Port"/>).</summary>
    public NginxServer(Func<int, string> http)
    {
        if (!File.Exists(Binary))
        {
            Unavailable = "no nginx (apt-get install nginx)";
            return;
        }

        Directory.CreateDirectory(_directory);
        Port = FreePort();
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        File.WriteAllText(Path.Combine(_directory, "nginx.conf"), $$"""
            {{user}}worker_processes 1;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{_directory}}/client_body;
              proxy_temp_path {{_directory}}/proxy;
              fastcgi_temp_path {{_directory}}/fastcgi;
              uwsgi_temp_path {{_directory}}/uwsgi;
              scgi_temp_path {{_directory}}/scgi;
            {{http(Port)}}
            }
            """);
        var start = new ProcessStartInfo(Binary, ["-p", _directory, "-e", Path.Combine(_directory, "error.log"), "-c", Path.Combine(_directory, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        if (!WaitUntilListening())
        {
            Unavailable = $"nginx did not start: {ErrorLog}";
        }
    }

    public static bool Required => Environment.GetEnvironmentVariable("CI") == "true";

    public string? Unavailable { get; }

    public int Port { get; }

    /// <summary>What nginx logged (warnings and errors), for a failing test's message.</summary>
    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private bool WaitUntilListening()
    {
        for (var attempt = 0; attempt < 100 && _process is { HasExited: false }; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(System.Net.IPAddress.Loopback, Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                Thread.Sleep(100);
            }
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

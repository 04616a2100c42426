using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>Two `ferry serve` replicas on one PostgreSQL store behind nginx, as deploy/nginx.conf sets them up: a load run
/// through nginx while each replica in turn is stopped with SIGTERM and started again loses no request.</summary>
public sealed class RollingRestartTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Row = """{"rows": [{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}]}""";
    private const int Clients = 8;

    [SkippableFact]
    public async Task LoadThroughNginx_WhileEachReplicaIsSigtermedAndRestarted_GetsOnly2xxAndNoSocketError()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            $"store: \"{postgres.NewDatabase()}\"\ntrain: {{ candidates: [logistic] }}");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        int[] ports = [ServeProcess.FreePort(), ServeProcess.FreePort()];
        var replicas = new ServeProcess?[2];
        try
        {
            for (var i = 0; i < replicas.Length; i++)
            {
                replicas[i] = await StartReplica(ports[i], spec);
            }

            using var nginx = new NginxServer(port => NginxHttp(port, ports));
            Skip.If(nginx.Unavailable is not null && !NginxServer.Required, nginx.Unavailable);
            Assert.True(nginx.Unavailable is null, nginx.Unavailable);

            using var load = new CancellationTokenSource();
            var failures = new ConcurrentQueue<string>();
            var answered = 0;
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nginx.Port}"), Timeout = TimeSpan.FromSeconds(60) };
            var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (!load.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json"));
                        if (response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref answered);
                        }
                        else
                        {
                            failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Enqueue(e.Message);
                    }
                }
            })).ToArray();

            await Task.Delay(1000);
            for (var i = 0; i < replicas.Length; i++)
            {
                var before = answered;
                using (var stopping = replicas[i]!)
                {
                    replicas[i] = null;
                    stopping.Signal("TERM");
                    Assert.True(stopping.Process.WaitForExit(60_000), $"replica {i} did not stop after SIGTERM");
                    Assert.Equal(0, stopping.Process.ExitCode);
                }

                replicas[i] = await StartReplica(ports[i], spec);
                await Task.Delay(1000);
                Assert.True(answered > before, $"no request was answered while replica {i} restarted");
            }

            await load.CancelAsync();
            await Task.WhenAll(clients);
            Assert.True(failures.IsEmpty, $"{failures.Count} of {answered + failures.Count} requests failed, first: {failures.FirstOrDefault()}\nnginx: {nginx.ErrorLog}");
            Assert.True(answered > 100, $"only {answered} requests were answered");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica?.Dispose();
            }
        }
    }

    /// <summary>deploy/nginx.conf with its example replicas replaced by <paramref name="replicas"/> and its port by
    /// <paramref name="port"/> on 127.0.0.1.</summary>
    private static string NginxHttp(int port, int[] replicas)
    {
        var config = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot(), "deploy", "nginx.conf"));
        var servers = Regex.Matches(config, @"^\s*server 127\.0\.0\.1:\d+ (.*);$", RegexOptions.Multiline);
        Assert.Equal(replicas.Length, servers.Count);
        var replaced = servers.Zip(replicas).Aggregate(config, (text, pair) =>
            text.Replace(pair.First.Value, $"    server 127.0.0.1:{pair.Second} {pair.First.Groups[1].Value};", StringComparison.Ordinal));
        Assert.Contains("    listen 80;", replaced, StringComparison.Ordinal);
        return replaced.Replace("    listen 80;", $"    listen 127.0.0.1:{port};", StringComparison.Ordinal);
    }

    private static Task<ServeProcess> StartReplica(int port, string spec) =>
        ServeProcess.StartAsync(port, spec, new Dictionary<string, string>(), "--drain", "2s");
}

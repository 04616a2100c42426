using System.Diagnostics;
using Ferry.Testing;

namespace Ferry.Server.Tests.Apis;

/// <summary>The served /openapi/v1.json is clean under Redocly's linter (`redocly lint`, with the repository's
/// redocly.yaml, where every finding is an error). ./test installs @redocly/cli from npm into artifacts/node; under CI (CI=true) not having it is a failure.</summary>
public sealed class OpenApiLintTests(OpenApiServers servers) : IClassFixture<OpenApiServers>
{
    private static readonly string s_root = TestFiles.RepositoryRoot();

    private static string Redocly => Path.Combine(s_root, "artifacts", "node", "node_modules", ".bin", "redocly");

    [SkippableFact]
    public async Task Document_UnderRedoclyLint_IsClean()
    {
        Skip.If(!File.Exists(Redocly) && Environment.GetEnvironmentVariable("CI") != "true", "@redocly/cli is not installed (./test installs it into artifacts/node)");
        var file = Path.Combine(Path.GetTempPath(), $"ferry-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await servers.Iris.Client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var (exit, output) = await RunAsync(Redocly, "lint", file, "--config", Path.Combine(s_root, "redocly.yaml"), "--format", "stylish");

            Assert.True(exit == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}

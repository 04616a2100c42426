using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>What an unlucky operator meets (a port in use, a full disk) is one line naming the address or path, exit 1.</summary>
public sealed class OperatorErrorTests
{
    private static async Task<string> TrainedSpec(TestFiles files)
    {
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        return spec;
    }

    [Fact]
    public async Task Serve_PortInUse_SaysSoInOneLineNamingTheUrl()
    {
        using var files = new TestFiles();
        var spec = await TrainedSpec(files);
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ferry.dll"), "serve", spec, "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal($"error: cannot listen on {url}: the address is already in use (another process holds the port; choose another with --urls)", error.Trim());
        Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
    }

    /// <summary>The partial output file is a link to /dev/full, so every write fails with ENOSPC as on a full disk.</summary>
    [Fact]
    public async Task Predict_DiskFull_SaysSoInOneLineNamingThePath()
    {
        using var files = new TestFiles();
        var spec = await TrainedSpec(files);
        var output = files.Path("predicted.csv");
        File.CreateSymbolicLink(output + ".partial", "/dev/full");

        var result = await CliRunner.RunAsync("predict", spec, "--input", TestFiles.Data("iris.csv"), "--output", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: the disk is full: No space left on device : '{output}.partial'", result.Error.Trim());
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}

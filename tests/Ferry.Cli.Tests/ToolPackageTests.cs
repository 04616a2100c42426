using System.Diagnostics;
using System.Reflection;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>The CLI as a .NET tool, as the README installs it: `dotnet pack` of src/Ferry.Cli, then `dotnet tool install
/// ferry --add-source` of that package into a tool path of its own; the installed `ferry --version` prints the version
/// and the commit it was built from.</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Pack_ThenToolInstall_GivesAFerryThatPrintsItsVersionAndCommit()
    {
        using var files = new TestFiles();
        var root = TestFiles.RepositoryRoot();
        var packages = files.Path("packages");
        var tools = files.Path("tools");

        var pack = await RunAsync("dotnet", "pack", Path.Combine(root, "src", "Ferry.Cli", "Ferry.Cli.csproj"), "-c", "Release", "--no-restore", "--nologo", "-v", "q", "-o", packages);
        var install = await RunAsync("dotnet", "tool", "install", "ferry", "--tool-path", tools, "--add-source", packages);
        var version = await RunAsync(Path.Combine(tools, "ferry"), "--version");

        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.True(install.ExitCode == 0, install.Output);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(typeof(FerryCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, version.Output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{40}$", version.Output.Trim());
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}

using Spectre.Console;

namespace Ferry.Cli;

/// <summary>Where a verb writes: human output through Spectre, machine output (--json) to a plain writer; and where it
/// reads its environment variables (the process's, or a test's own).</summary>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Out, TextWriter Error, TimeProvider Time, Func<string, string?>? Variables = null)
{
    public string? Variable(string name) => (Variables ?? Environment.GetEnvironmentVariable)(name) is { Length: > 0 } value ? value : null;
}

using Spectre.Console;

namespace Ferry.Cli.Tests;

/// <summary>Runs a real `ferry` command line in process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with <paramref name="variables"/> as the command's only environment variables.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var human = new StringWriter();
        var machine = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(human),
        });
        console.Profile.Width = 200;
        var exit = await FerryCli.RunAsync(args, new CliContext(console, machine, error, TimeProvider.System, name => variables.GetValueOrDefault(name)));
        return new Result(exit, human.ToString() + machine, error.ToString());
    }
}

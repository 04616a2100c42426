using System.Runtime;
using Ferry.Cli;
using Spectre.Console;

if (args is not ["serve", ..] and not ["demo", ..])
{
    // A batch job over possibly large data: blocking collections keep the peak memory near what is live
    // (background ones let garbage pile up beside a large table). `serve` keeps them for short pauses.
    GCSettings.LatencyMode = GCLatencyMode.Batch;
}

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Not a terminal: Spectre would assume 80 columns and fold every table.
    console.Profile.Width = 160;
}

return await FerryCli.RunAsync(args, new CliContext(console, Console.Out, Console.Error, TimeProvider.System));

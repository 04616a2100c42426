using System.CommandLine;
using Ferry.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Commands;

/// <summary>`ferry serve SPEC|STORE --urls URL`: the prediction service for the spec's champion model, or for every
/// model with a champion in a store (the .ferry directory beside a spec, or a postgres:// URL).</summary>
internal sealed class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose champion is served, or a store whose every champion is." };
        var urls = new Option<string>("--urls") { Description = "Address to listen on.", DefaultValueFactory = _ => DefaultUrl };
        var noLog = new Option<bool>("--no-log") { Description = "Do not log predictions to the store (turns off drift, performance and health monitoring)." };
        var command = new Command("serve", "Serve the champion model (or every champion of a store) over HTTP.") { spec, urls, noLog };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, async () =>
        {
            var settings = new Dictionary<string, string> { [nameof(ServeOptions.PredictionLog)] = result.GetValue(noLog) ? "false" : "true" };
            await using var app = FerryServerApp.Build(result.GetValue(spec)!, result.GetValue(urls)!, LogLevel.Information, settings);
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }
}

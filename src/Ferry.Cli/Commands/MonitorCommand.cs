using System.CommandLine;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Cli.Commands;

/// <summary>`ferry monitor SPEC [--json] [--html FILE]`: drift, performance, staleness and health of the champion from
/// the prediction log; opens and resolves alerts (and calls the webhook) like the server does; exits 2 while a rule fires.</summary>
internal sealed class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose served model is watched." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout." };
        var html = new Option<string?>("--html") { Description = "Also write the report as one self-contained HTML page." };
        var command = new Command("monitor", "Drift, performance, staleness and health of the served model, with alerts.") { spec, json, html };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, async () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var registry = ModelRegistry.Open(problem);
            var manifest = registry.Load(problem.Name, ModelRegistry.Champion).Manifest;
            var challenger = registry.Store.Alias(problem.Name, ModelRegistry.Challenger) is { } version && version != manifest.Version ? version : (int?)null;
            using var http = new HttpClient();
            var (report, changes) = await MonitorCheck.RunAsync(manifest, problem, MonitoringStore.Open(problem),
                new AlertNotifier(http, NullLogger.Instance), context.Time.GetUtcNow(), challenger, cancellationToken);
            if (result.GetValue(html) is { } path)
            {
                await File.WriteAllTextAsync(path, MonitoringPage.Render(report, refreshSeconds: 0), cancellationToken);
            }

            if (result.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(report, BundleJson.Options));
            }
            else
            {
                MonitorOutput.Write(context.Console, report, changes);
            }

            return report.Rules.Any(rule => rule.Firing) ? ExitCodes.QualityGate : ExitCodes.Success;
        }));
        return command;
    }
}

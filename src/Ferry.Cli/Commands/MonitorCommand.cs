using System.CommandLine;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Cli.Commands;

/// <summary>`ferry monitor SPEC|STORE [--json] [--html FILE]`: drift, performance, staleness and health of the champion
/// (of every champion in a store) from the prediction log; opens and resolves alerts (and calls the webhook) like the
/// server does; exits 2 while a rule fires.</summary>
internal sealed class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose served model is watched, or a store whose every champion is." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout (an array of reports for a store)." };
        var html = new Option<string?>("--html") { Description = "Also write the report as one self-contained HTML page (for a store: FILE with each model's name before the extension)." };
        var command = new Command("monitor", "Drift, performance, staleness and health of the served model, with alerts.") { spec, json, html };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, async () =>
        {
            var source = result.GetValue(spec)!;
            var store = StoreModels.IsStore(source);
            var models = store ? new StoreModels(source).Served() : [ServedModel.Of(SpecLoader.Load(source))];
            using var http = new HttpClient();
            var reports = new List<MonitoringReport>();
            foreach (var model in models)
            {
                var monitoring = model.OpenMonitoring();
                var notifier = new AlertNotifier(http, NullLogger.Instance, context.Time, monitoring, webhooks: new Dictionary<string, Uri?> { [model.Name] = model.Monitor.Webhook });
                var (report, changes) = await CheckAsync(model, monitoring, notifier, context, cancellationToken);
                reports.Add(report);
                if (result.GetValue(html) is { } path)
                {
                    var file = store ? Path.ChangeExtension(path, $"{model.Name}{Path.GetExtension(path)}") : path;
                    await File.WriteAllTextAsync(file, MonitoringPage.Render(report, refreshSeconds: 0, monitoring.Runs(model.Name, MonitoringPage.RunsShown)), cancellationToken);
                }

                if (!result.GetValue(json))
                {
                    MonitorOutput.Write(context.Console, report, changes);
                }
            }

            if (result.GetValue(json))
            {
                await context.Out.WriteLineAsync(store ? JsonSerializer.Serialize(reports, BundleJson.Options) : JsonSerializer.Serialize(reports[0], BundleJson.Options));
            }

            return reports.Any(report => report.Rules.Any(rule => rule.Firing)) ? ExitCodes.QualityGate : ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<(MonitoringReport Report, IReadOnlyList<AlertChange> Changes)> CheckAsync(
        ServedModel model, MonitoringStore monitoring, AlertNotifier notifier, CliContext context, CancellationToken cancellationToken)
    {
        var registry = model.OpenRegistry();
        var manifest = registry.Load(model.Name, ModelRegistry.Champion).Manifest;
        return await MonitorCheck.RunAsync(manifest, model, monitoring, notifier, context.Time.GetUtcNow(),
            registry.ChallengerOf(model.Name, manifest.Version), cancellationToken);
    }
}

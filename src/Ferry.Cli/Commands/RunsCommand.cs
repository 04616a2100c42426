using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry runs SPEC [--json]`: the runs of the retraining loop, newest first: trigger, stages, scores, p-value,
/// decision.</summary>
internal sealed class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The ferry.yaml of the model." };
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print the runs as JSON on stdout." };
        var command = new Command("runs", "The runs of the retraining loop: trigger, stages, scores, p-value, decision.") { spec, limit, json };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var count = result.GetValue(limit);
            if (count < 1)
            {
                throw new FerryException($"--limit must be at least 1; got {count}");
            }

            var model = ServedModel.Of(SpecLoader.Load(result.GetValue(spec)!));
            if (model.StoreUrl is null && !File.Exists(Path.Combine(model.StoreDirectory, "ferry.db")))
            {
                throw new FerryException(FerryErrorKind.NotFound, $"{model.StoreDirectory}: no store there yet (train the model with `ferry train` first)");
            }

            var runs = model.OpenMonitoring().Runs(model.Name, count);
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new { model = model.Name, runs }, BundleJson.Options));
            }
            else
            {
                Print(context.Console, model.Name, runs);
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, string model, IReadOnlyList<RetrainRun> runs)
    {
        if (runs.Count == 0)
        {
            console.MarkupLine($"{Markup.Escape(model)} has no runs yet (`ferry retrain`, or the autopilot's `retrain:` triggers, start them).");
            return;
        }

        foreach (var run in runs)
        {
            var challenger = run.Challenger is { } version ? $" -> v{version}" : "";
            console.MarkupLine($"[bold]run {run.Id}[/] {Markup.Escape(run.Stage)}{(run.IsOpen ? " (open)" : "")}: v{run.Champion}{challenger}, " +
                $"started {run.StartedAt:u} by {Markup.Escape(run.Trigger)}");
            var table = new Table().AddColumns("stage", "at", "rows", "champion", "challenger", "test", "p", "reason");
            foreach (var step in run.Steps)
            {
                table.AddRow(Markup.Escape(step.Stage), step.At.ToString("u", CultureInfo.InvariantCulture), Number(step.Rows), Number(step.ChampionScore),
                    Number(step.ChallengerScore), Markup.Escape(step.Test ?? ""), Number(step.PValue), Markup.Escape(step.Reason));
            }

            console.Write(table);
            if (run.Lineage is { } lineage)
            {
                console.MarkupLine(Markup.Escape($"  data {lineage.DataFingerprint}, spec {lineage.SpecHash}, {lineage.ProductionRows} production rows" +
                    (lineage.FirstProductionId is null ? "" : $" ({lineage.FirstProductionId} .. {lineage.LastProductionId})")));
            }
        }
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}

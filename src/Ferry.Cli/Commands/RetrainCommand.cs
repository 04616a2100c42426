using System.CommandLine;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Evaluation;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Server.Telemetry;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry retrain SPEC`: a challenger from the training data plus the labelled production rows, promoted only
/// if it passes the gate on the latest labelled rows (significantly better in a paired test); exit code 2 when it is not
/// promoted, whether rejected or waiting for the labels the test needs to decide. It is a manual run of the retraining
/// loop (<see cref="RetrainRuns"/>), named in its output; refused (exit 1) while the model has an open run.</summary>
internal sealed class RetrainCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) of a served model with feedback." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var command = new Command("retrain", "Retrain on the training data plus labelled production rows; promote if better on the latest ones.") { spec, json };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            using var tracing = FerryTelemetry.StartTracing();
            var retrainer = new RetrainRuns(context.Time);
            var outcome = result.GetValue(json)
                ? retrainer.Retrain(problem, null, cancellationToken)
                : TrainCommand.WithProgressBar(context.Console, progress => retrainer.Retrain(problem, progress, cancellationToken));
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    model = problem.Name,
                    run = outcome.Run.Id,
                    stage = outcome.Run.Stage,
                    champion = outcome.Champion,
                    challenger = outcome.Training.Manifest.Version,
                    productionRows = outcome.ProductionRows,
                    holdoutRows = outcome.HoldoutRows,
                    trainRows = outcome.Training.Manifest.TrainRows,
                    metric = outcome.Metric,
                    championScore = outcome.ChampionScore,
                    challengerScore = outcome.ChallengerScore,
                    promoted = outcome.Promoted,
                    decision = outcome.Decision.Verdict,
                    test = outcome.Decision.Test is { } test
                        ? new { name = test.Name, statistic = test.Statistic, pValue = test.PValue, smallestPValue = test.SmallestPValue, rows = test.Rows, discordant = test.Discordant }
                        : null,
                    reason = outcome.Reason,
                }, BundleJson.Options));
            }
            else
            {
                Print(context.Console, outcome);
            }

            return Task.FromResult(outcome.Promoted ? ExitCodes.Success : ExitCodes.QualityGate);
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, RetrainOutcome outcome)
    {
        TrainCommand.Print(console, outcome.Training, championLine: false);
        var challenger = outcome.Training.Manifest.Version;
        console.MarkupLine($"Trained on the data plus {outcome.ProductionRows} labelled production rows; judged on the latest {outcome.HoldoutRows}, held out.");
        var table = new Table().Title($"Held-out production rows: {outcome.HoldoutRows}").AddColumns("version", "role", outcome.Metric);
        table.AddRow($"v{outcome.Champion}", "champion", MetricTables.Number(outcome.ChampionScore));
        table.AddRow($"v{challenger}", "challenger", MetricTables.Number(outcome.ChallengerScore));
        console.Write(table);
        if (outcome.Decision.Test is { } test)
        {
            console.MarkupLine($"Gate: {test.Name} test on {test.Rows} rows ({test.Discordant} where the models differ): statistic {MetricTables.Number(test.Statistic)}, "
                + $"{test.PValueText} (needs < {PairedTest.Alpha}; the smallest these rows could give is {test.SmallestPValue:G3}).");
        }

        console.MarkupLine(outcome.Decision.Verdict switch
        {
            PromotionVerdict.Promote when outcome.Run.Stage == RunStages.Promoted => $"[green]Promoted[/] v{challenger}: {Markup.Escape(outcome.Reason)}.",
            PromotionVerdict.Promote => $"[green]Passed the gate[/]: {Markup.Escape(outcome.Reason)}; now in {outcome.Run.Stage}: {Markup.Escape(outcome.Run.Steps[^1].Reason)}.",
            PromotionVerdict.Wait => $"[yellow]Not promoted[/]: {Markup.Escape(outcome.Reason)}; v{outcome.Champion} stays champion until more labels arrive.",
            _ => $"[yellow]Not promoted[/]: {Markup.Escape(outcome.Reason)}; v{outcome.Champion} stays champion.",
        });
        console.MarkupLine(outcome.Run.Stage is RunStages.Shadow or RunStages.Canary or RunStages.Bake
            ? $"Run {outcome.Run.Id} goes on in the server (`ferry serve`), which judges it on live traffic (`ferry runs`)."
            : outcome.Run.IsOpen
            ? $"Run {outcome.Run.Id} stays open at {outcome.Run.Stage}: run `ferry retrain` again once more labels have arrived (`ferry runs`)."
            : $"Run {outcome.Run.Id}: {outcome.Run.Stage}.");
    }
}

using System.CommandLine;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Evaluation;
using Ferry.Core.Lifecycle;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry evaluate SPEC|BUNDLE --input LABELLED_FILE`: the model's metrics on new labelled rows beside its
/// test metrics; exit code 2 when the success metric misses its threshold there.</summary>
internal sealed class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A ferry.yaml (its champion is used) or a .ferry bundle." };
        var input = new Option<string>("--input") { Description = "A file of labelled rows: the model's inputs and its target column.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var command = new Command("evaluate", "Score a model on new labelled data.") { model, input, json };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
        {
            var bundle = BundleLocator.Load(result.GetValue(model)!);
            var evaluation = LabelledEvaluator.Run(bundle, result.GetValue(input)!, cancellationToken);
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(evaluation, BundleJson.Options));
            }
            else
            {
                Print(context.Console, evaluation);
            }

            return Task.FromResult(evaluation.SuccessMet ? ExitCodes.Success : ExitCodes.QualityGate);
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, LabelledEvaluation evaluation)
    {
        console.MarkupLine($"Evaluated [bold]{Markup.Escape(evaluation.Model)}[/] v{evaluation.Version} on {evaluation.Rows} labelled rows of {Markup.Escape(evaluation.Source)}"
            + (evaluation.Unlabelled > 0 ? $" ({evaluation.Unlabelled} rows without an actual value skipped)." : "."));
        var table = new Table().Title("Metrics").AddColumns("metric", "new data", "test part at training", "change");
        foreach (var (name, now) in evaluation.Metrics)
        {
            var test = evaluation.TestMetrics.GetValueOrDefault(name, double.NaN);
            table.AddRow(name, MetricTables.Number(now), MetricTables.Number(test), MetricTables.Number(now - test));
        }

        console.Write(table);
        if (evaluation.Confusion is { } confusion)
        {
            console.Write(MetricTables.Confusion(evaluation.Classes, confusion));
        }

        var metric = evaluation.SuccessMetric;
        var value = MetricTables.Number(evaluation.Metrics[metric.Name]);
        console.MarkupLine(metric.Threshold is { } threshold
            ? $"Success metric: {metric.Name} = {value} vs threshold {MetricTables.Number(threshold)}: {(evaluation.SuccessMet ? "[green]met[/]" : "[red]not met[/]")}"
            : $"Success metric: {metric.Name} = {value} (no threshold set)");
    }
}

using System.CommandLine;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry feedback SPEC --input FILE [--overwrite]`: joins ground truth (`id`, `actual` columns) to logged
/// predictions, in the store directly. A label is final as it is over HTTP: a file that contradicts a recorded label is
/// refused whole (nothing written) unless --overwrite says to replace it, as `kubectl label --overwrite` does; whoever can
/// write the store needs no key for that (the keys guard the server's endpoints).</summary>
internal sealed class FeedbackCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose predictions are meant." };
        var input = new Option<string>("--input") { Description = "A file with 'id' and 'actual' columns (csv, tsv, xlsx, json, jsonl).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace labels already recorded (a label is final otherwise: a different one is refused)." };
        var json = new Option<bool>("--json") { Description = "Print JSON on stdout." };
        var command = new Command("feedback", "Record the true labels or values of served predictions.") { spec, input, overwrite, json };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var manifest = BundleLocator.LoadChampion(problem).Manifest;
            var path = result.GetValue(input)!;
            var items = FeedbackFile.Read(path, manifest, cancellationToken);
            var outcome = MonitoringStore.Open(problem).AddFeedback(problem.Name, items, context.Time.GetUtcNow(), result.GetValue(overwrite));
            if (outcome.Conflicts.Count > 0)
            {
                throw FeedbackFile.Refusal(path, items, outcome.Conflicts);
            }

            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(outcome, BundleJson.Options));
            }
            else
            {
                var already = outcome.Unchanged > 0 ? $", {outcome.Unchanged} of them already recorded" : "";
                var replaced = outcome.Replaced > 0 ? $", {outcome.Replaced} replaced" : "";
                context.Console.MarkupLine($"Recorded {outcome.Accepted} of {items.Count} feedback rows for {Markup.Escape(problem.Name)}{already}{replaced}.");
                if (outcome.UnknownIds.Count > 0)
                {
                    context.Console.MarkupLine($"[yellow]{outcome.UnknownIds.Count} id(s) match no logged prediction:[/] {Markup.Escape(string.Join(", ", outcome.UnknownIds.Take(10)))}{(outcome.UnknownIds.Count > 10 ? ", ..." : "")}");
                }
            }

            return Task.FromResult(outcome.UnknownIds.Count == 0 ? ExitCodes.Success : ExitCodes.UserError);
        }));
        return command;
    }
}

using System.CommandLine;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry feedback SPEC --input FILE [--overwrite] [--url URL]`: joins ground truth (`id`, `actual` columns) to
/// logged predictions, in the store directly, or through a running server's feedback endpoint with `--url` (the key from
/// FERRY_FEEDBACK_KEY, or FERRY_ADMIN_KEY to replace labels; <see cref="FeedbackClient"/>). A label is final either way: a
/// file that contradicts a recorded label is refused whole (nothing written) unless --overwrite says to replace it, as
/// `kubectl label --overwrite` does; whoever can write the store directly needs no key for that (the keys guard the
/// server's endpoints).</summary>
internal sealed class FeedbackCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose predictions are meant." };
        var input = new Option<string>("--input") { Description = "A file with 'id' and 'actual' columns (csv, tsv, xlsx, json, jsonl).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace labels already recorded (a label is final otherwise: a different one is refused)." };
        var json = new Option<bool>("--json") { Description = "Print JSON on stdout." };
        var url = new Option<string?>("--url") { Description = "Send the labels to this running `ferry serve` (http://HOST:PORT) instead of writing the store; the key comes from FERRY_FEEDBACK_KEY (FERRY_ADMIN_KEY with --overwrite)." };
        var command = new Command("feedback", "Record the true labels or values of served predictions.") { spec, input, overwrite, json, url };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, async () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var path = result.GetValue(input)!;
            var server = result.GetValue(url) is { } address ? ServerUrl(address) : null;
            FeedbackOutcome outcome;
            IReadOnlyList<(string Id, string Actual)> items;
            if (server is not null)
            {
                items = FeedbackFile.Read(path, manifest: null, cancellationToken);
                outcome = await FeedbackClient.SendAsync(context, server, problem.Name, path, items, result.GetValue(overwrite), cancellationToken);
            }
            else
            {
                items = FeedbackFile.Read(path, BundleLocator.LoadChampion(problem).Manifest, cancellationToken);
                outcome = MonitoringStore.Open(problem).AddFeedback(problem.Name, items, context.Time.GetUtcNow(), result.GetValue(overwrite));
                if (outcome.Conflicts.Count > 0)
                {
                    throw FeedbackFile.Refusal(path, items, outcome.Conflicts);
                }
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

            return outcome.UnknownIds.Count == 0 ? ExitCodes.Success : ExitCodes.UserError;
        }));
        return command;
    }

    private static Uri ServerUrl(string address) =>
        Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new Core.FerryException($"--url '{address}' is not an http:// or https:// address of a ferry serve");
}

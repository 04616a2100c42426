using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Lifecycle;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Server.Telemetry;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry train SPEC`: runs the pipeline, prints the leaderboard and test metrics, registers the version; its
/// stages traced to an OTLP receiver when the OTEL_* variables name one.</summary>
internal sealed class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var command = new Command("train", "Train candidates, pick the best, register a new version.") { spec, json };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
            Task.FromResult(Run(context, result.GetValue(spec)!, result.GetValue(json), cancellationToken))));
        return command;
    }

    public static int Run(CliContext context, string specPath, bool json, CancellationToken cancellationToken)
    {
        var spec = SpecLoader.Load(specPath);
        using var tracing = FerryTelemetry.StartTracing();
        var pipeline = new TrainingPipeline(context.Time);
        var outcome = json ? pipeline.Run(spec, null, cancellationToken) : WithProgressBar(context.Console, progress => pipeline.Run(spec, progress, cancellationToken));
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                model = outcome.Manifest.Name,
                version = outcome.Manifest.Version,
                candidate = outcome.Manifest.Candidate,
                ensemble = outcome.Manifest.Ensemble,
                champion = outcome.IsChampion,
                successMet = outcome.Manifest.SuccessMet,
                metrics = outcome.Manifest.Metrics,
                threshold = outcome.Manifest.Type == ProblemType.BinaryClassification ? outcome.Manifest.Threshold : (double?)null,
                classWeights = outcome.Manifest.ClassWeights,
                identifierColumns = outcome.Manifest.Preparation.IdentifierColumns,
                calibration = outcome.Manifest.Calibration?.Method,
                leaderboard = outcome.Manifest.Leaderboard,
                bundle = outcome.BundlePath,
            }, BundleJson.Options));
        }
        else
        {
            Print(context.Console, outcome);
        }

        return outcome.Manifest.SuccessMet && outcome.Manifest.ConstraintsMet ? ExitCodes.Success : ExitCodes.QualityGate;
    }

    /// <summary>The most leaderboard rows printed; a search scores many more, all kept in metrics.json and the bundle.</summary>
    private const int LeaderboardRows = 15;

    /// <summary>Runs a training job under a progress bar (fits done / total, time remaining); a note (the search's plan)
    /// is printed once as its own line.</summary>
    public static T WithProgressBar<T>(IAnsiConsole console, Func<IProgress<TrainingProgress>, T> run) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("training", maxValue: 1);
                task.IsIndeterminate = true;
                var outcome = run(new SynchronousProgress<TrainingProgress>(report =>
                {
                    if (report.IsNote)
                    {
                        console.MarkupLine(Markup.Escape(report.Stage));
                        return;
                    }

                    task.Description = Markup.Escape(report.Total > 0 ? $"{report.Stage} ({report.Done}/{report.Total} fits)" : report.Stage);
                    task.IsIndeterminate = report.Total == 0;
                    task.MaxValue = Math.Max(report.Total, 1);
                    task.Value = report.Done;
                }));
                task.Value = task.MaxValue;
                task.StopTask();
                return outcome;
            });

    /// <param name="console">Where to print.</param>
    /// <param name="outcome">The training run.</param>
    /// <param name="championLine">False when the caller decides and reports promotion itself (retrain).</param>
    public static void Print(IAnsiConsole console, TrainingOutcome outcome, bool championLine = true)
    {
        var manifest = outcome.Manifest;
        var p = manifest.Preparation;
        console.MarkupLine($"Data: {p.RowsLoaded} rows loaded; dropped {p.MissingTargetDropped} without a target, {p.DuplicatesDropped} exact duplicates"
            + (p.UndatedDropped > 0 ? $", {p.UndatedDropped} without a date to split by" : "")
            + $"; training rows dropped: {p.MissingDropped} for missing values, {p.OutliersDropped} as outliers; {p.TrainRows} train / {p.TestRows} test"
            + (p.SampledOut > 0 ? $"; fitted on a seeded sample of {p.TrainRows - p.SampledOut} training rows (train.max_rows)." : "."));
        if (p.IdentifierColumns.Count > 0)
        {
            console.MarkupLine(Markup.Escape($"Left out of the inputs: {string.Join(", ", p.IdentifierColumns)} ({PreparationSummary.IdentifierReason}; "
                + $"to use one anyway: features: {{ encode: {{ {p.IdentifierColumns[0]}: one-hot }} }})"));
        }

        var leaderboard = new Table().Title("Leaderboard (cross-validation on the training part)")
            .AddColumns("rank", "candidate", "parameters", $"{manifest.Leaderboard[0].Metric} mean", "std", "folds", "fit s/fold");
        foreach (var (entry, rank) in manifest.Leaderboard.Take(LeaderboardRows).Select((e, i) => (e, i + 1)))
        {
            var parameters = string.Join(" ", entry.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Number(p.Value)}"));
            leaderboard.AddRow(rank.ToString(CultureInfo.InvariantCulture), entry.Candidate, Markup.Escape(parameters), Number(entry.Mean), Number(entry.StdDev),
                entry.Folds.ToString(CultureInfo.InvariantCulture), Number(entry.FitSeconds));
        }

        console.Write(leaderboard);
        if (manifest.Leaderboard.Count > LeaderboardRows)
        {
            console.MarkupLine($"(and {manifest.Leaderboard.Count - LeaderboardRows} more settings; every one is in metrics.json)");
        }

        if (manifest.Trace.Count > 0)
        {
            PrintTrace(console, manifest.Trace, manifest.Type);
        }

        var members = manifest.Ensemble.Count > 0
            ? $" (weighted average of {string.Join(", ", manifest.Ensemble.Select(m => $"{m.Candidate} {Number(m.Weight)}"))})"
            : "";
        console.MarkupLine($"Winner [bold]{Markup.Escape(manifest.Candidate)}[/]{Markup.Escape(members)}: refitted on {manifest.TrainRows} training rows, scored once on {manifest.TestRows} held-out rows.");
        if (manifest.ClassWeights.Count > 0)
        {
            var weights = string.Join(", ", manifest.ClassWeights.Select(w => $"{w.Key} {Number(w.Value)}"));
            console.MarkupLine($"Class weights (balanced: the rarest class is under 20% of the training rows): {Markup.Escape(weights)}");
        }

        if (manifest.Calibration is { } calibration)
        {
            console.MarkupLine($"Probabilities calibrated: {calibration.Method}, fitted on the winner's out-of-fold answers (it lowered their log loss; see report.html)");
        }

        if (manifest.Type == ProblemType.BinaryClassification && manifest.Threshold != 0.5)
        {
            console.MarkupLine($"Decision threshold: {Markup.Escape(manifest.Classes[1])} above a probability of {Number(manifest.Threshold)} "
                + $"(tuned on the winner's out-of-fold answers for {Markup.Escape(manifest.SuccessMetric.Name)}; 0.5 by default)");
        }
        var metrics = new Table().Title("Test metrics").AddColumns("metric", "value");
        foreach (var (name, value) in manifest.Metrics)
        {
            metrics.AddRow(name, Number(value));
        }

        console.Write(metrics);
        if (manifest.Confusion is { } confusion)
        {
            console.Write(MetricTables.Confusion(manifest.Classes, confusion));
        }

        if (manifest.Importance.Count > 0)
        {
            var importance = new Table().Title($"Permutation importance ({manifest.SuccessMetric.Name} drop when shuffled)").AddColumns("feature", "importance", "std");
            foreach (var feature in manifest.Importance.Take(10))
            {
                importance.AddRow(Markup.Escape(feature.Feature), Number(feature.Importance), Number(feature.StdDev));
            }

            console.Write(importance);
        }

        var budget = manifest.Constraints.LatencyMs is { } limit
            ? $" vs budget {Number(limit)} ms: {(manifest.ConstraintsMet ? "[green]within[/]" : "[red]over budget, not promoted[/]")}"
            : "";
        console.MarkupLine($"Single-row latency: p50 {Number(manifest.Latency.P50Ms)} ms, p99 {Number(manifest.Latency.P99Ms)} ms{budget}.");
        var metric = manifest.SuccessMetric;
        var verdict = metric.Threshold is { } threshold
            ? $"{metric.Name} = {Number(manifest.Metrics[metric.Name])} vs threshold {Number(threshold)}: {(manifest.SuccessMet ? "[green]met[/]" : "[red]not met[/]")}"
            : $"{metric.Name} = {Number(manifest.Metrics[metric.Name])} (no threshold set)";
        console.MarkupLine($"Success metric: {verdict}");
        console.MarkupLine($"Registered [bold]{Markup.Escape(manifest.Name)}[/] v{manifest.Version}: {Markup.Escape(outcome.BundlePath)}");
        console.MarkupLine($"Report: {Markup.Escape(Path.Combine(Path.GetDirectoryName(outcome.BundlePath)!, "report.html"))}");
        if (championLine)
        {
            console.MarkupLine(outcome.IsChampion
                ? $"v{manifest.Version} is now the champion."
                : $"v{manifest.Version} did not become champion{(outcome.PreviousChampion is { } c ? $" (v{c} stays)" : "")}.");
        }
    }

    /// <summary>The epochs of an iteratively trained winner: a table of the first and last, and a bar per epoch of training loss.</summary>
    private static void PrintTrace(IAnsiConsole console, IReadOnlyList<EpochTrace> trace, ProblemType type)
    {
        var metric = type.IsClassification() ? "validation accuracy" : "validation rmse";
        var table = new Table().Title("Training trace").AddColumns("epoch", "train loss", "validation loss", metric);
        var shown = trace.Count <= 10 ? trace : [.. trace.Take(5), .. trace.TakeLast(5)];
        foreach (var epoch in shown)
        {
            table.AddRow(epoch.Epoch.ToString(CultureInfo.InvariantCulture), Number(epoch.TrainLoss), Number(epoch.ValidationLoss), Number(epoch.ValidationMetric));
        }

        console.Write(table);
        var chart = new BarChart().Label("train loss per epoch").Width(60);
        var step = Math.Max(1, trace.Count / 20);
        foreach (var epoch in trace.Where((_, i) => i % step == 0 || i == trace.Count - 1))
        {
            chart.AddItem(epoch.Epoch.ToString(CultureInfo.InvariantCulture), Math.Round(epoch.TrainLoss, 4), Color.Blue);
        }

        console.Write(chart);
    }

    private static string Number(double value) => MetricTables.Number(value);
}

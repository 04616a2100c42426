using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Bundles;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry models list|show|promote|rollback|challenge|export SPEC [VERSION]`: the registry of a spec's model.</summary>
internal sealed class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", "List, inspect, promote, roll back and challenge registered versions.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Promote(context));
        command.Subcommands.Add(Rollback(context));
        command.Subcommands.Add(ChallengeCommand.Create(context));
        command.Subcommands.Add(Export(context));
        return command;
    }

    private static Argument<string> Spec() => new("spec") { Description = "The problem statement (ferry.yaml) whose model is meant." };

    private static Option<bool> Json() => new("--json") { Description = "Print JSON on stdout." };

    private static Command List(CliContext context)
    {
        var (spec, json) = (Spec(), Json());
        var command = new Command("list", "Every registered version, the champion marked.") { spec, json };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var registry = ModelRegistry.Open(problem);
            var champion = registry.Alias(problem.Name, ModelRegistry.Champion);
            var challenger = registry.Alias(problem.Name, ModelRegistry.Challenger);
            var versions = registry.Versions(problem.Name);
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new { model = problem.Name, champion, challenger, versions }, BundleJson.Options));
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().Title($"Versions of {Markup.Escape(problem.Name)}")
                .AddColumns("version", "alias", "created", "candidate", "metric", "value", "success met", "size");
            foreach (var version in versions)
            {
                table.AddRow(version.Version.ToString(CultureInfo.InvariantCulture), version.Version == champion ? "champion" : version.Version == challenger ? "challenger" : "",
                    version.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), version.Candidate, version.Metric,
                    version.MetricValue.ToString("0.####", CultureInfo.InvariantCulture), version.SuccessMet ? "yes" : "no",
                    $"{version.SizeBytes / 1024.0:0.#} KB");
            }

            context.Console.Write(table);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var (spec, json) = (Spec(), Json());
        var version = new Argument<int?>("version") { Description = "The version (default: the champion).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("show", "The manifest of one version: inputs, metrics, parameters, preparation.") { spec, version, json };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var registry = ModelRegistry.Open(problem);
            var manifest = Read(problem, result.GetValue(version)).Manifest;
            if (result.GetValue(json))
            {
                context.Out.WriteLine(BundleFile.ManifestText(manifest));
                return Task.FromResult(ExitCodes.Success);
            }

            var console = context.Console;
            console.MarkupLine($"[bold]{Markup.Escape(manifest.Name)}[/] v{manifest.Version}: {manifest.Type.ToName()}, target '{Markup.Escape(manifest.Target)}', {manifest.Candidate}, created {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss}");
            console.MarkupLine($"Trained on {manifest.TrainRows} rows, tested on {manifest.TestRows}; success metric {manifest.SuccessMetric.Name} {(manifest.SuccessMet ? "met" : "not met")}.");
            var metrics = new Table().Title("Test metrics").AddColumns("metric", "value");
            foreach (var (name, value) in manifest.Metrics)
            {
                metrics.AddRow(name, value.ToString("0.####", CultureInfo.InvariantCulture));
            }

            var inputs = new Table().Title("Inputs").AddColumns("column", "kind");
            foreach (var input in manifest.Inputs)
            {
                inputs.AddRow(Markup.Escape(input.Name), input.Kind.ToString().ToLowerInvariant());
            }

            console.Write(new Columns(metrics, inputs));
            PrintLineage(console, RetrainRuns.LineageOf(MonitoringStore.Open(problem), manifest));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static void PrintLineage(IAnsiConsole console, (RunLineage Lineage, RetrainRun? Run) trained)
    {
        var (lineage, run) = trained;
        var production = run is null ? ""
            : $", {lineage.ProductionRows} labelled production rows" + (lineage.FirstProductionId is null ? "" : $" ({lineage.FirstProductionId} .. {lineage.LastProductionId})")
                + $", trained by run {run.Id} ({run.Trigger})";
        console.MarkupLine(Markup.Escape($"Lineage: data {lineage.DataFingerprint}, spec {lineage.SpecHash}{production}."));
    }

    private static Command Promote(CliContext context)
    {
        var spec = Spec();
        var version = new Argument<int>("version") { Description = "The version to make champion." };
        var force = new Option<bool>("--force") { Description = "Promote even a version that did not meet its success metric." };
        var command = new Command("promote", "Make a version the champion (its bundle is verified first).") { spec, version, force };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var promoted = PromotionPolicy.Promote(ModelRegistry.Open(problem), problem.Name, result.GetValue(version), context.Time.GetUtcNow(), result.GetValue(force));
            context.Console.MarkupLine($"{Markup.Escape(problem.Name)} v{promoted.Version} is now the champion.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Rollback(CliContext context)
    {
        var spec = Spec();
        var command = new Command("rollback", "Undo the latest promotion: the previous champion serves again.") { spec };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var restored = ModelRegistry.Open(problem).Rollback(problem.Name);
            context.Console.MarkupLine($"{Markup.Escape(problem.Name)} v{restored.Version} is the champion again.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var (spec, json) = (Spec(), Json());
        var version = new Argument<int?>("version") { Description = "The version (default: the champion).", Arity = ArgumentArity.ZeroOrOne };
        var onnx = new Option<string>("--onnx") { Description = "Write the model as ONNX to this file (and its description to FILE.json).", Required = true };
        var command = new Command("export", "Export a version's model as ONNX (input: the featurized vector).") { spec, version, onnx, json };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var path = Path.GetFullPath(result.GetValue(onnx)!);
            var description = OnnxExport.Write(Read(problem, result.GetValue(version)), path);
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new { path, description }, BundleJson.Options));
                return Task.FromResult(ExitCodes.Success);
            }

            context.Console.MarkupLine($"Exported {Markup.Escape(description.Model)} v{description.Version} to {Markup.Escape(path)} (described in {Markup.Escape(path)}.json).");
            context.Console.MarkupLine($"Input '{description.Input}': float [n, {description.Slots.Count}], the featurized row ({Markup.Escape(string.Join(", ", description.Slots.Take(8)))}{(description.Slots.Count > 8 ? ", ..." : "")}).");
            context.Console.MarkupLine($"Output '{Markup.Escape(description.Output)}': {Markup.Escape(description.OutputMeaning)}.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>The bundle of <paramref name="version"/>, or of the champion when it is null.</summary>
    private static ModelBundle Read(ProblemSpec problem, int? version)
    {
        var registry = ModelRegistry.Open(problem);
        var number = version ?? registry.Alias(problem.Name, ModelRegistry.Champion)
            ?? throw new FerryException($"model '{problem.Name}' has no champion; name a version");
        registry.Find(problem.Name, number);
        return registry.Load(problem.Name, number);
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core;
using Ferry.Core.Data;
using Ferry.Core.Spec;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry init DIR --data FILE --target COL`: writes DIR/ferry.yaml drafted from a profile of the data.</summary>
internal sealed partial class InitCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "The directory to write ferry.yaml into (made if absent)." };
        var data = new Option<string>("--data") { Description = "The data file (or sqlite:/postgres:// source) to profile.", Required = true };
        var target = new Option<string>("--target") { Description = "The column to predict.", Required = true };
        var name = new Option<string?>("--name") { Description = "The model name, [a-z0-9-]+ (default: from the data file's name)." };
        var type = new Option<string?>("--type") { Description = "binary-classification, multiclass-classification or regression (default: read off the target)." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing ferry.yaml." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var command = new Command("init", "Draft a ferry.yaml from a profile of the data.") { directory, data, target, name, type, force, json };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
        {
            var dir = Path.GetFullPath(result.GetValue(directory)!);
            var specPath = Path.Combine(dir, "ferry.yaml");
            if (File.Exists(specPath) && !result.GetValue(force))
            {
                throw new FerryException($"{specPath} already exists; pass --force to overwrite it");
            }

            var source = result.GetValue(data)!;
            var table = TableLoader.Load(new DataSpec(source), Directory.GetCurrentDirectory(), LoadOptions.None, cancellationToken);
            var modelName = result.GetValue(name) ?? NameFrom(source);
            var yaml = SpecDraft.Write(table, Profiler.Profile(table, null), SourceFrom(source, dir), result.GetValue(target)!, modelName, ParseType(result.GetValue(type)));
            Write(dir, specPath, yaml);
            var spec = SpecLoader.Load(specPath);
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new { spec = specPath, name = spec.Name, type = spec.Type.ToName(), target = spec.Target, successMetric = spec.SuccessMetric }, BundleJson.Options));
            }
            else
            {
                context.Console.Write(new Text(yaml));
                context.Console.MarkupLine($"Wrote {Markup.Escape(specPath)}. Next: [bold]ferry train {Markup.Escape(specPath)}[/]");
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static ProblemType? ParseType(string? text) => text is null ? null
        : ProblemTypes.TryParse(text, out var type) ? type
        : throw new FerryException($"--type is '{text}' but must be one of: {string.Join(", ", ProblemTypes.Names)}");

    /// <summary>A file near the spec's directory relative to it (how specs name their data, so the two move together),
    /// a file elsewhere by its full path, other sources as given.</summary>
    private static string SourceFrom(string source, string directory)
    {
        if (source.Contains("://", StringComparison.Ordinal) || source.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return source;
        }

        var relative = Path.GetRelativePath(directory, Path.GetFullPath(source)).Replace('\\', '/');
        return relative.StartsWith("../../", StringComparison.Ordinal) ? Path.GetFullPath(source) : relative;
    }

    /// <summary>The model name from the data file's name: lower case, runs of other characters as one dash.</summary>
    private static string NameFrom(string source)
    {
        var name = NotNameCharacters().Replace(Path.GetFileNameWithoutExtension(source).ToLowerInvariant(), "-").Trim('-');
        name = name[..Math.Min(name.Length, ModelName.MaxLength)].TrimEnd('-');
        return name.Length > 0 ? name : "model";
    }

    /// <summary>Writes the spec whole or not at all.</summary>
    private static void Write(string directory, string specPath, string yaml)
    {
        Directory.CreateDirectory(directory);
        var temporary = specPath + ".partial";
        File.WriteAllText(temporary, yaml);
        File.Move(temporary, specPath, overwrite: true);
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameCharacters();
}

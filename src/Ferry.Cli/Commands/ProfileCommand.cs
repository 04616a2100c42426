using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ferry.Core;
using Ferry.Core.Data;
using Ferry.Core.Spec;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry profile SPEC|FILE`: rows, columns, kinds, missing, distinct, statistics, duplicates, outliers, class balance.</summary>
internal sealed class ProfileCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "A ferry.yaml (profiles its data, with the target's class balance) or a data file." };
        var json = new Option<bool>("--json") { Description = "Print the profile as JSON on stdout." };
        var command = new Command("profile", "Profile a data set.") { input, json };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
        {
            var profile = Profile(result.GetValue(input)!, cancellationToken);
            if (result.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(profile, BundleJson.Options));
            }
            else
            {
                Print(context.Console, profile);
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static TableProfile Profile(string input, CancellationToken cancellationToken)
    {
        if (input.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            var spec = SpecLoader.Load(input);
            var table = TableLoader.Load(spec.Data, spec.SpecDirectory, LoadOptions.For(spec), cancellationToken);
            return Profiler.Profile(table, spec.Target);
        }

        return Profiler.Profile(TableLoader.Load(new DataSpec(input), Directory.GetCurrentDirectory(), LoadOptions.None, cancellationToken), null);
    }

    private static void Print(IAnsiConsole console, TableProfile profile)
    {
        console.MarkupLine($"[bold]{Markup.Escape(profile.Source)}[/]: {profile.Rows} rows, {profile.Columns.Count} columns, {profile.Duplicates} exact duplicate rows");
        var numbers = new Table().AddColumns("column", "kind", "missing", "distinct", "mean", "std", "min", "25%", "50%", "75%", "max", "outliers");
        var categories = new Table().AddColumns("column", "missing", "distinct", "most frequent");
        foreach (var column in profile.Columns)
        {
            var name = Markup.Escape(column.Name);
            var missing = Count(column.Missing, profile.Rows);
            var distinct = column.Distinct.ToString(CultureInfo.InvariantCulture);
            if (column.Kind == ColumnKind.Category)
            {
                categories.AddRow(name, missing, distinct, Markup.Escape(string.Join(", ", column.Top.Take(3).Select(pair => $"{Shorten(pair.Key)} ({pair.Value})"))));
                continue;
            }

            numbers.AddRow(name, column.Kind.ToString().ToLowerInvariant(), missing, distinct, Value(column, column.Mean), Number(column.Std),
                Value(column, column.Min), Value(column, column.Q1), Value(column, column.Median), Value(column, column.Q3), Value(column, column.Max),
                column.Outliers?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        if (numbers.Rows.Count > 0)
        {
            console.Write(numbers);
        }

        if (categories.Rows.Count > 0)
        {
            console.Write(categories);
        }

        if (profile.ClassBalance is { } balance)
        {
            var classes = new Table().Title($"Class balance of {Markup.Escape(profile.Target!)}").AddColumns("class", "rows", "share");
            foreach (var (label, count) in balance)
            {
                classes.AddRow(Markup.Escape(label), count.ToString(CultureInfo.InvariantCulture), (count / (double)profile.Rows).ToString("P1", CultureInfo.InvariantCulture));
            }

            console.Write(classes);
        }
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..19] + "…";

    private static string Count(int count, int rows) => count == 0 ? "0" : $"{count} ({(count / (double)rows).ToString("P1", CultureInfo.InvariantCulture)})";

    private static string Value(ColumnProfile column, double? value) => value is not { } v ? ""
        : column.Kind == ColumnKind.Date ? ValueParser.FromDays(v).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Number(v);

    private static string Number(double? value) => value?.ToString("G4", CultureInfo.InvariantCulture) ?? "";
}

using System.CommandLine;
using Ferry.Core.Lifecycle;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry predict SPEC|BUNDLE --input FILE --output FILE`: batch prediction from CSV to CSV.</summary>
internal sealed class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A ferry.yaml (its champion is used) or a .ferry bundle." };
        var input = new Option<string>("--input") { Description = "CSV file of rows to predict.", Required = true };
        var output = new Option<string>("--output") { Description = "CSV file to write.", Required = true };
        var command = new Command("predict", "Predict a CSV file of rows with a trained model.") { model, input, output };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () =>
        {
            var bundle = BundleLocator.Load(result.GetValue(model)!);
            var outputPath = result.GetValue(output)!;
            var count = BatchPredictor.Run(bundle, result.GetValue(input)!, outputPath, cancellationToken);
            context.Console.MarkupLine($"Predicted {count} rows with {Markup.Escape(bundle.Manifest.Name)} v{bundle.Manifest.Version}: {Markup.Escape(outputPath)}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}

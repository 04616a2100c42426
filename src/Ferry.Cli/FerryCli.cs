using System.CommandLine;
using Ferry.Cli.Commands;
using Ferry.Core;

namespace Ferry.Cli;

/// <summary>The `ferry` command line: parses the verbs and turns user errors into one line and exit code 1.</summary>
internal static class FerryCli
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Ferry: carry a machine-learning model from raw data to production and back.")
        {
            InitCommand.Create(context),
            ProfileCommand.Create(context),
            TrainCommand.Create(context),
            RetrainCommand.Create(context),
            PredictCommand.Create(context),
            EvaluateCommand.Create(context),
            ServeCommand.Create(context),
            ModelsCommand.Create(context),
            MonitorCommand.Create(context),
            FeedbackCommand.Create(context),
            RunsCommand.Create(context),
            DemoCommand.Create(context),
        };
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Runs a verb's body, reporting a <see cref="FerryException"/>, a store failure or a file system failure (a full
    /// disk, a path that cannot be written) as one line on stderr.</summary>
    public static async Task<int> Guard(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (FerryException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (System.Data.Common.DbException e)
        {
            await context.Error.WriteLineAsync(e is Core.Storage.StoreUnavailableException ? $"error: {e.Message}" : $"error: the store failed: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (Exception e) when (FileSystemFailure.Describe(e) is { } message)
        {
            await context.Error.WriteLineAsync($"error: {message}");
            return ExitCodes.UserError;
        }
    }
}

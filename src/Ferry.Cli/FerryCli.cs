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
            DemoCommand.Create(context),
        };
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Runs a verb's body, reporting a <see cref="FerryException"/>, a file or directory it cannot use (a missing
    /// or unwritable folder, a file where a directory belongs, a full disk, a port in use) or a store failure as one line
    /// on stderr.</summary>
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (System.Data.Common.DbException e)
        {
            await context.Error.WriteLineAsync(e is Core.Storage.StoreUnavailableException ? $"error: {e.Message}" : $"error: the store failed: {e.Message}");
            return ExitCodes.UserError;
        }
    }
}

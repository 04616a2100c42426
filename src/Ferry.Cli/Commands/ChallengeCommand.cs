using System.CommandLine;
using Ferry.Core;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry models challenge SPEC VERSION | --stop`: serve a version in shadow beside the champion. Every server of
/// the spec scores each request with it too (within 2 seconds), logs those answers, and `ferry monitor` compares both
/// on the same labelled rows; the answers clients get stay the champion's.</summary>
internal sealed class ChallengeCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose model is meant." };
        var version = new Argument<int?>("version") { Description = "The version to shadow the champion with.", Arity = ArgumentArity.ZeroOrOne };
        var stop = new Option<bool>("--stop") { Description = "End the shadow: no version is the challenger any more." };
        var command = new Command("challenge", "Serve a version in shadow beside the champion, judged on the same requests.") { spec, version, stop };
        command.SetAction((result, _) => FerryCli.Guard(context, () =>
        {
            var problem = SpecLoader.Load(result.GetValue(spec)!);
            var registry = ModelRegistry.Open(problem);
            if (result.GetValue(stop))
            {
                context.Console.MarkupLine($"{Markup.Escape(problem.Name)} v{registry.StopChallenge(problem.Name)} is no longer the challenger.");
                return Task.FromResult(ExitCodes.Success);
            }

            var number = result.GetValue(version) ?? throw new FerryException("name the version to shadow the champion with, or pass --stop");
            var challenger = registry.Challenge(problem.Name, number, context.Time.GetUtcNow());
            context.Console.MarkupLine($"{Markup.Escape(problem.Name)} v{challenger.Version} is now the challenger: servers score every request with it in shadow; " +
                "`ferry monitor` compares it with the champion on the same labelled rows.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}

using System.CommandLine;
using Ferry.Core;
using Ferry.Core.Spec;
using Ferry.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Commands;

/// <summary>`ferry serve SPEC|STORE --urls URL [--cors ORIGIN...]`: the prediction service for the spec's champion model, or for every
/// model with a champion in a store (the .ferry directory beside a spec, or a postgres:// URL).</summary>
internal sealed class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Kubernetes' endpoint propagation: the time for a pod's removal to reach every proxy.</summary>
    private const string DefaultDrain = "5s";

    /// <summary>The longest drain: the host's shutdown timeout grows by the drain, and Kubernetes' grace period must exceed both.</summary>
    private static readonly TimeSpan s_longestDrain = TimeSpan.FromMinutes(10);

    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement (ferry.yaml) whose champion is served, or a store whose every champion is." };
        var urls = new Option<string>("--urls") { Description = "Address to listen on.", DefaultValueFactory = _ => DefaultUrl };
        var noLog = new Option<bool>("--no-log") { Description = "Do not log predictions to the store (turns off drift, performance and health monitoring)." };
        var cors = new Option<string[]>("--cors")
        {
            Description = "Browser origins allowed to call the API from another origin (https://app.example.com ..., or * for any); none by default.",
            AllowMultipleArgumentsPerToken = true,
        };
        var drain = new Option<string>("--drain")
        {
            Description = "After SIGTERM, how long to keep answering while /health/ready answers 503 (for a load balancer to stop sending), then stop: 5s, 30s, 0s for none.",
            DefaultValueFactory = _ => DefaultDrain,
        };
        var command = new Command("serve", "Serve the champion model (or every champion of a store) over HTTP.") { spec, urls, noLog, cors, drain };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, async () =>
        {
            var settings = new Dictionary<string, string>
            {
                [nameof(ServeOptions.PredictionLog)] = result.GetValue(noLog) ? "false" : "true",
                [nameof(ServeOptions.DrainSeconds)] = DrainSeconds(result.GetValue(drain)!),
            };
            var origins = result.GetValue(cors) ?? [];
            if (origins.Length > 0 && CorsSetting(context) is { } setting)
            {
                throw new FerryException($"--cors and the server setting {setting} both give CORS origins, and ASP.NET would merge the two lists "
                    + "index by index: give the origins one way");
            }

            foreach (var (origin, index) in origins.Select((origin, index) => (origin, index)))
            {
                settings[$"{nameof(ServeOptions.Cors)}:{index}"] = origin;
            }

            await using var app = FerryServerApp.Build(result.GetValue(spec)!, result.GetValue(urls)!, LogLevel.Information, settings);
            await Start(app, result.GetValue(urls)!, cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The seconds of a `--drain` duration (0s, 5s, 2m), or a user error saying what is expected.</summary>
    private static string DrainSeconds(string text)
    {
        var drain = text == "0s" ? TimeSpan.Zero : Durations.TryParse(text, out var duration) ? duration : (TimeSpan?)null;
        return drain is { } seconds && seconds <= s_longestDrain
            ? seconds.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new FerryException($"--drain is '{text}' but must be a duration of at most 10m, such as 5s, 30s or 0s (no drain)");
    }

    /// <summary>The environment variable that sets the first CORS origin (<c>Ferry__Cors__0</c>, as ASP.NET reads it, in
    /// either spelling of its case), or null.</summary>
    private static string? CorsSetting(CliContext context) =>
        new[] { $"{ServeOptions.Section}__{nameof(ServeOptions.Cors)}__0", $"{ServeOptions.Section}__{nameof(ServeOptions.Cors)}__0".ToUpperInvariant() }
            .FirstOrDefault(name => context.Variable(name) is not null);

    /// <summary>Starts listening; an address that cannot be bound (in use, not permitted, not a URL) is a user error naming
    /// it. The services that did start are stopped first, so none of them reports being torn down.</summary>
    private static async Task Start(WebApplication app, string urls, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            await app.StopAsync(CancellationToken.None);
            throw new FerryException(e.InnerException is AddressInUseException
                ? $"cannot listen on {urls}: the address is already in use (another process holds the port; choose another with --urls)"
                : $"cannot listen on {urls}: {e.Message}", e);
        }
    }
}

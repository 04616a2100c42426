using Microsoft.Extensions.Options;

namespace Ferry.Server;

/// <summary>The drain before a stop, for a load balancer: when the host begins to stop (SIGTERM), the readiness probes
/// answer 503 and every answer carries `Connection: close`, for <see cref="ServeOptions.DrainSeconds"/>, while
/// requests are still answered; only then does Kestrel stop accepting and finish what is in flight. Kubernetes takes a
/// pod out of its endpoints on the 503 (and on SIGTERM), and nginx closes each keep-alive connection after its answer,
/// so no request is sent onto a socket the stopping server is about to close.</summary>
public sealed class ShutdownDrain(IOptions<ServeOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    /// <summary>True from the start of the stop: the server is going away and should get no new work.</summary>
    public bool Draining => _draining;

    /// <summary>Runs before the host stops its services (Kestrel among them), within the host's shutdown timeout.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var drain = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        if (drain <= TimeSpan.Zero)
        {
            return;
        }

        logger.LogInformation("Stopping: draining for {Seconds} s (/health/ready answers 503, connections are closed after each answer)", drain.TotalSeconds);
        try
        {
            await Task.Delay(drain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The drain was cut short by the shutdown timeout");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Adds the drain's `Connection: close` to every answer given while <see cref="ShutdownDrain.Draining"/>.</summary>
public static class ShutdownDrainMiddleware
{
    public static IApplicationBuilder UseShutdownDrain(this IApplicationBuilder app)
    {
        var drain = app.ApplicationServices.GetRequiredService<ShutdownDrain>();
        return app.Use((context, next) =>
        {
            if (drain.Draining)
            {
                // When the answer starts, so a handler or the exception handler clearing the headers does not drop it.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Connection = "close";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }
}

using System.Data.Common;
using Ferry.Core;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Models;

/// <summary>Checks the registry every <see cref="ServeOptions.ReloadSeconds"/> and swaps in each served model's new champion, so a
/// promotion made anywhere (the CLI, another replica's admin endpoint) reaches every replica within seconds; a server
/// of a store also starts serving models that get their first champion there.</summary>
public sealed class ChampionWatcher(ModelHosts hosts, IOptions<ServeOptions> options, TimeProvider time, ILogger<ChampionWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ReloadSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            AddNewModels();
            foreach (var host in hosts.All)
            {
                Reload(host);
            }
        }
    }

    private void AddNewModels()
    {
        try
        {
            foreach (var name in hosts.AddNewModels())
            {
                logger.LogInformation("Serving {Model}: it got its first champion in the store", name);
            }
        }
        catch (Exception e) when (e is FerryException or DbException)
        {
            logger.LogWarning("Looking for new models in the store failed; trying again: {Reason}", e.Message);
        }
    }

    private void Reload(ModelHost host)
    {
        try
        {
            host.Reload();
        }
        catch (FerryException e)
        {
            logger.LogError("The new champion of {Model} was refused; still serving v{Version}: {Reason}", host.Model.Name, host.Current.Manifest.Version, e.Message);
        }
        catch (DbException e)
        {
            logger.LogWarning("The registry could not be read; still serving {Model} v{Version}, trying again: {Reason}", host.Model.Name, host.Current.Manifest.Version, e.Message);
        }
    }
}

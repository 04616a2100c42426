using System.Diagnostics;
using System.Globalization;
using Ferry.Core;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;

namespace Ferry.Server.Models;

/// <summary>Holds the model being served: the champion in the registry of the configured spec, and the challenger
/// scoring its requests in shadow. They are loaded when the host is created, so a server never listens without a model,
/// and swapped in place when the aliases change; a bundle that fails to load is refused and the current model keeps
/// serving. A request takes <see cref="Snapshot"/> (or <see cref="Current"/>) once, so it finishes on the model it
/// started with.</summary>
public sealed class ModelHost
{
    private readonly ILogger<ModelHost> _logger;
    private readonly ServerMetrics _metrics;
    private readonly Lock _reloading = new();
    private volatile Serving _serving;
    private int? _refusedChallenger;

    public ModelHost(ServedModel model, ServerMetrics metrics, ILogger<ModelHost> logger)
    {
        _logger = logger;
        _metrics = metrics;
        Model = model;
        Registry = model.OpenRegistry();
        var clock = Stopwatch.StartNew();
        _serving = new Serving(new LoadedModel(Registry.Load(Model.Name, ModelRegistry.Champion)), null);
        Loaded(_serving.Champion, clock.Elapsed);
        _serving = WithChallenger(_serving);
    }

    public ServedModel Model { get; }

    public ModelRegistry Registry { get; }

    /// <summary>Champion and challenger as one consistent pair.</summary>
    public Serving Snapshot => _serving;

    public LoadedModel Current => _serving.Champion;

    /// <summary>The version scoring every request in shadow (the registry's challenger alias), or null.</summary>
    public LoadedModel? Challenger => _serving.Challenger;

    /// <summary>Loads the registry's champion if it is not the version being served, and follows the challenger alias.</summary>
    /// <returns>The model serving afterwards.</returns>
    /// <exception cref="FerryException">The champion's bundle cannot be loaded; the current model keeps serving.</exception>
    public LoadedModel Reload()
    {
        lock (_reloading)
        {
            var champion = Registry.Alias(Model.Name, ModelRegistry.Champion);
            if (champion is { } version && version != _serving.Champion.Manifest.Version)
            {
                var clock = Stopwatch.StartNew();
                _serving = new Serving(new LoadedModel(Registry.Load(Model.Name, version)), null);
                _refusedChallenger = null;
                Loaded(_serving.Champion, clock.Elapsed);
            }

            _serving = WithChallenger(_serving);
            return _serving.Champion;
        }
    }

    /// <summary>The pair with the challenger alias followed (checked again against every new champion). A challenger
    /// that fails to load or takes other inputs is not shadowed (logged); the champion serves on regardless.</summary>
    private Serving WithChallenger(Serving serving)
    {
        var version = Registry.ChallengerOf(Model.Name, serving.Champion.Manifest.Version);
        if (version == serving.Challenger?.Manifest.Version || (version is not null && version == _refusedChallenger))
        {
            return serving;
        }

        if (version is null)
        {
            return serving with { Challenger = null };
        }

        try
        {
            var challenger = new LoadedModel(Registry.Load(Model.Name, version.Value));
            if (!challenger.Manifest.Inputs.SequenceEqual(serving.Champion.Manifest.Inputs))
            {
                _refusedChallenger = version;
                _logger.LogWarning("Challenger v{Version} takes other inputs than the champion; not shadowing it", version);
                return serving with { Challenger = null };
            }

            _refusedChallenger = null;
            _logger.LogInformation("Shadowing {Model} v{Version} ({Candidate}) beside the champion", challenger.Manifest.Name, version, challenger.Manifest.Candidate);
            return serving with { Challenger = challenger };
        }
        catch (FerryException e)
        {
            _refusedChallenger = version;
            _logger.LogError("Challenger v{Version} cannot be loaded; not shadowing it: {Reason}", version, e.Message);
            return serving with { Challenger = null };
        }
    }

    private void Loaded(LoadedModel model, TimeSpan took)
    {
        _metrics.ModelLoadSeconds.WithLabels(model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture)).Set(took.TotalSeconds);
        _logger.LogInformation("Serving {Model} v{Version} ({Candidate}), loaded in {Seconds:0.###} s", model.Manifest.Name, model.Manifest.Version, model.Manifest.Candidate, took.TotalSeconds);
    }
}

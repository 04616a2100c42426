using System.Diagnostics;
using System.Globalization;
using Ferry.Core;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;

namespace Ferry.Server.Models;

/// <summary>Holds the model being served: the champion in the registry of the configured spec, the challenger
/// scoring its requests in shadow, and the canary answering a share of them. They are loaded when the host is created,
/// so a server never listens without a model, and swapped in place when the aliases change; a bundle that fails to load
/// is refused and the current model keeps serving. A request takes <see cref="Snapshot"/> (or <see cref="Current"/>)
/// once, so it finishes on the models it started with, and is answered by <see cref="Serving.Answering"/> of it.</summary>
public sealed class ModelHost
{
    private static readonly Role s_shadowing = new("Challenger", "it scores every request in shadow beside the champion", "not shadowing it");
    private static readonly Role s_canarying = new("Canary", "it answers a share of the requests instead of the champion", "not routing requests to it");
    private readonly ILogger<ModelHost> _logger;
    private readonly ServerMetrics _metrics;
    private readonly Lock _reloading = new();
    private volatile Serving _serving;
    private int? _refusedChallenger;
    private int? _refusedCanary;

    public ModelHost(ServedModel model, ServerMetrics metrics, ILogger<ModelHost> logger)
    {
        _logger = logger;
        _metrics = metrics;
        Model = model;
        Registry = model.OpenRegistry();
        var clock = Stopwatch.StartNew();
        _serving = Alone(new LoadedModel(Registry.Load(Model.Name, ModelRegistry.Champion)));
        Loaded(_serving.Champion, clock.Elapsed);
        _serving = WithCanary(WithChallenger(_serving));
    }

    public ServedModel Model { get; }

    public ModelRegistry Registry { get; }

    /// <summary>Champion, challenger and canary as one consistent set.</summary>
    public Serving Snapshot => _serving;

    public LoadedModel Current => _serving.Champion;

    /// <summary>The version scoring every request in shadow (the registry's challenger alias), or null.</summary>
    public LoadedModel? Challenger => _serving.Challenger;

    /// <summary>The version answering a share of the requests (the registry's canary alias), or null.</summary>
    public LoadedModel? Canary => _serving.Canary;

    /// <summary>Loads the registry's champion if it is not the version being served, and follows the challenger and
    /// canary aliases.</summary>
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
                _serving = Alone(new LoadedModel(Registry.Load(Model.Name, version)));
                (_refusedChallenger, _refusedCanary) = (null, null);
                Loaded(_serving.Champion, clock.Elapsed);
            }

            _serving = WithCanary(WithChallenger(_serving));
            return _serving.Champion;
        }
    }

    private Serving Alone(LoadedModel champion) => new(champion, null, null, Model.Retrain.Canary.Share);

    /// <summary>The set with the challenger alias followed (checked again against every new champion). A challenger
    /// that fails to load or takes other inputs is not shadowed (logged); the champion serves on regardless.</summary>
    private Serving WithChallenger(Serving serving) => serving with
    {
        Challenger = Follow(Registry.ChallengerOf(Model.Name, serving.Champion.Manifest.Version), serving.Challenger, serving.Canary, serving.Champion, ref _refusedChallenger, s_shadowing),
    };

    /// <summary>The set with the canary alias followed, the challenger reused when it is the same version. A canary that
    /// fails to load or takes other inputs answers nothing (logged); the champion answers every request.</summary>
    private Serving WithCanary(Serving serving) => serving with
    {
        Canary = Follow(Registry.CanaryOf(Model.Name, serving.Champion.Manifest.Version), serving.Canary, serving.Challenger, serving.Champion, ref _refusedCanary, s_canarying),
    };

    /// <summary>The model an alias at <paramref name="version"/> means beside <paramref name="champion"/>: the one held
    /// (<paramref name="current"/>, or <paramref name="sibling"/> when the other alias holds that version), else loaded;
    /// null when the alias is not set, or the version was refused (it fails to load, or takes other inputs).</summary>
    private LoadedModel? Follow(int? version, LoadedModel? current, LoadedModel? sibling, LoadedModel champion, ref int? refused, Role role)
    {
        if (version == current?.Manifest.Version || (version is not null && version == refused))
        {
            return current;
        }

        if (version is null)
        {
            return null;
        }

        try
        {
            var model = sibling?.Manifest.Version == version ? sibling : new LoadedModel(Registry.Load(Model.Name, version.Value));
            if (!model.Manifest.Inputs.SequenceEqual(champion.Manifest.Inputs))
            {
                refused = version;
                _logger.LogWarning("{Role} v{Version} takes other inputs than the champion; {Refusal}", role.Name, version, role.Refusal);
                return null;
            }

            refused = null;
            _logger.LogInformation("{Role} {Model} v{Version} ({Candidate}): {Duty}", role.Name, model.Manifest.Name, version, model.Manifest.Candidate, role.Duty);
            return model;
        }
        catch (FerryException e)
        {
            refused = version;
            _logger.LogError("{Role} v{Version} cannot be loaded; {Refusal}: {Reason}", role.Name, version, role.Refusal, e.Message);
            return null;
        }
    }

    private void Loaded(LoadedModel model, TimeSpan took)
    {
        _metrics.ModelLoadSeconds.WithLabels(model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture)).Set(took.TotalSeconds);
        _logger.LogInformation("Serving {Model} v{Version} ({Candidate}), loaded in {Seconds:0.###} s", model.Manifest.Name, model.Manifest.Version, model.Manifest.Candidate, took.TotalSeconds);
    }

    /// <summary>How the logs name an alias's model.</summary>
    private sealed record Role(string Name, string Duty, string Refusal);
}

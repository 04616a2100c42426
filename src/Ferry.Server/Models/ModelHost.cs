using System.Diagnostics;
using System.Globalization;
using Ferry.Core;
using Ferry.Core.Bundles;
using Ferry.Core.Spec;

namespace Ferry.Server.Models;

/// <summary>Holds the model being served: the champion in the registry of the configured spec. It is
/// loaded when the host is created, so a server never listens without a model, and swapped in place when
/// the champion changes; a bundle that fails to load is refused and the current model keeps serving.
/// A request takes <see cref="Current"/> once, so it finishes on the model it started with.</summary>
public sealed class ModelHost
{
    private readonly ILogger<ModelHost> _logger;
    private readonly ServerMetrics _metrics;
    private readonly Lock _reloading = new();
    private volatile LoadedModel _current;
    private volatile LoadedModel? _challenger;
    private int? _refusedChallenger;

    public ModelHost(ProblemSpec spec, ServerMetrics metrics, ILogger<ModelHost> logger)
    {
        _logger = logger;
        _metrics = metrics;
        Spec = spec;
        Registry = ModelRegistry.Open(Spec);
        var clock = Stopwatch.StartNew();
        _current = new LoadedModel(Registry.Load(Spec.Name, ModelRegistry.Champion));
        Loaded(_current, clock.Elapsed);
        ReloadChallenger();
    }

    public ProblemSpec Spec { get; }

    public ModelRegistry Registry { get; }

    public LoadedModel Current => _current;

    /// <summary>The version scoring every request in shadow (the registry's challenger alias), or null.</summary>
    public LoadedModel? Challenger => _challenger;

    /// <summary>Loads the registry's champion if it is not the version being served, and follows the challenger alias.</summary>
    /// <returns>The model serving afterwards.</returns>
    /// <exception cref="FerryException">The champion's bundle cannot be loaded; the current model keeps serving.</exception>
    public LoadedModel Reload()
    {
        lock (_reloading)
        {
            var champion = Registry.Store.Alias(Spec.Name, ModelRegistry.Champion);
            if (champion is { } version && version != _current.Manifest.Version)
            {
                var clock = Stopwatch.StartNew();
                var loaded = new LoadedModel(BundleFile.Read(Registry.FetchBundle(Spec.Name, version)));
                _current = loaded;
                Loaded(loaded, clock.Elapsed);
                (_challenger, _refusedChallenger) = (null, null);
            }

            ReloadChallenger();
            return _current;
        }
    }

    /// <summary>Follows the challenger alias (checked again against every new champion). A challenger that is the
    /// champion, fails to load, or takes other inputs is not shadowed (logged); the champion serves on regardless.</summary>
    private void ReloadChallenger()
    {
        var alias = Registry.Store.Alias(Spec.Name, ModelRegistry.Challenger);
        var version = alias == _current.Manifest.Version ? null : alias;
        if (version == _challenger?.Manifest.Version || (version is not null && version == _refusedChallenger))
        {
            return;
        }

        if (version is null)
        {
            _challenger = null;
            return;
        }

        try
        {
            var challenger = new LoadedModel(BundleFile.Read(Registry.FetchBundle(Spec.Name, version.Value)));
            if (!challenger.Manifest.Inputs.SequenceEqual(_current.Manifest.Inputs))
            {
                _refusedChallenger = version;
                _logger.LogWarning("Challenger v{Version} takes other inputs than the champion; not shadowing it", version);
                return;
            }

            _challenger = challenger;
            _refusedChallenger = null;
            _logger.LogInformation("Shadowing {Model} v{Version} ({Candidate}) beside the champion", challenger.Manifest.Name, version, challenger.Manifest.Candidate);
        }
        catch (FerryException e)
        {
            _refusedChallenger = version;
            _logger.LogError("Challenger v{Version} cannot be loaded; not shadowing it: {Reason}", version, e.Message);
        }
    }

    private void Loaded(LoadedModel model, TimeSpan took)
    {
        _metrics.ModelLoadSeconds.WithLabels(model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture)).Set(took.TotalSeconds);
        _logger.LogInformation("Serving {Model} v{Version} ({Candidate}), loaded in {Seconds:0.###} s", model.Manifest.Name, model.Manifest.Version, model.Manifest.Candidate, took.TotalSeconds);
    }
}

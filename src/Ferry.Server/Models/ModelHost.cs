using System.Diagnostics;
using System.Globalization;
using Ferry.Core;
using Ferry.Core.Bundles;
using Ferry.Core.Spec;
using Microsoft.Extensions.Options;

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

    public ModelHost(IOptions<ServeOptions> options, ServerMetrics metrics, ILogger<ModelHost> logger)
    {
        _logger = logger;
        _metrics = metrics;
        Spec = SpecLoader.Load(options.Value.Spec);
        Registry = ModelRegistry.Open(Spec);
        var clock = Stopwatch.StartNew();
        _current = new LoadedModel(Registry.Load(Spec.Name, ModelRegistry.Champion));
        Loaded(_current, clock.Elapsed);
    }

    public ProblemSpec Spec { get; }

    public ModelRegistry Registry { get; }

    public LoadedModel Current => _current;

    public LoadedModel? Find(string name) => _current.Manifest.Name == name ? _current : null;

    /// <summary>Loads the registry's champion if it is not the version being served.</summary>
    /// <returns>The model serving afterwards.</returns>
    /// <exception cref="FerryException">The champion's bundle cannot be loaded; the current model keeps serving.</exception>
    public LoadedModel Reload()
    {
        lock (_reloading)
        {
            var champion = Registry.Store.Alias(Spec.Name, ModelRegistry.Champion);
            if (champion is not { } version || version == _current.Manifest.Version)
            {
                return _current;
            }

            var clock = Stopwatch.StartNew();
            var loaded = new LoadedModel(BundleFile.Read(Registry.FetchBundle(Spec.Name, version)));
            _current = loaded;
            Loaded(loaded, clock.Elapsed);
            return loaded;
        }
    }

    private void Loaded(LoadedModel model, TimeSpan took)
    {
        _metrics.ModelLoadSeconds.WithLabels(model.Manifest.Name, model.Manifest.Version.ToString(CultureInfo.InvariantCulture)).Set(took.TotalSeconds);
        _logger.LogInformation("Serving {Model} v{Version} ({Candidate}), loaded in {Seconds:0.###} s", model.Manifest.Name, model.Manifest.Version, model.Manifest.Candidate, took.TotalSeconds);
    }
}

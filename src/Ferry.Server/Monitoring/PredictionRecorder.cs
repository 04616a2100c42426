using Ferry.Core.Monitoring;
using Ferry.Core.Prediction;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>Hands each served prediction and each failed prediction request to the background <see cref="PredictionLog"/>
/// (nothing here touches the disk), and the champion's request rows to the <see cref="ShadowScorer"/> while there is a
/// challenger; unless `PredictionLog` is off in the server's options.</summary>
public sealed class PredictionRecorder(PredictionLog log, ModelHosts hosts, ShadowScorer shadow, TimeProvider time, IOptions<ServeOptions> options)
{
    private readonly bool _enabled = options.Value.PredictionLog;

    public void Record(LoadedModel model, IReadOnlyList<InputRow> rows, IReadOnlyList<PredictionResult> results, TimeSpan elapsed)
    {
        if (!_enabled)
        {
            return;
        }

        var manifest = model.Manifest;
        var at = time.GetUtcNow();
        var latency = elapsed.TotalMilliseconds / results.Count;
        for (var i = 0; i < results.Count; i++)
        {
            log.Add(new PredictionRecord(results[i].Id, manifest.Name, manifest.Version, at, latency, manifest.Inputs, rows[i], results[i]));
        }

        if (hosts.Find(manifest.Name)?.Snapshot is { Challenger: { } challenger } serving && ReferenceEquals(model, serving.Champion))
        {
            shadow.Enqueue(challenger, rows, results);
        }
    }

    public void Failed(LoadedModel model, int status)
    {
        if (_enabled)
        {
            log.AddError(model.Manifest.Name, model.Manifest.Version, time.GetUtcNow(), status);
        }
    }
}

using Ferry.Core.Monitoring;
using Ferry.Core.Prediction;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>Hands each served prediction and each failed prediction request to the background <see cref="PredictionLog"/>
/// (nothing here touches the disk), and the request rows to the <see cref="ShadowScorer"/> for the other model's answer:
/// the challenger's to rows the champion answered (while there is one), the champion's to rows the canary answered, so
/// every row of a canary has both answers; unless `PredictionLog` is off in the server's options.</summary>
public sealed class PredictionRecorder(PredictionLog log, ShadowScorer shadow, TimeProvider time, IOptions<ServeOptions> options)
{
    private readonly bool _enabled = options.Value.PredictionLog;

    /// <summary>Logs <paramref name="model"/>'s answers to <paramref name="rows"/>, taken from <paramref name="serving"/>,
    /// and has the model shadowing it score them.</summary>
    public void Record(Serving serving, LoadedModel model, IReadOnlyList<InputRow> rows, IReadOnlyList<PredictionResult> results, TimeSpan elapsed)
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

        var shadowing = ReferenceEquals(model, serving.Champion) ? serving.Challenger : serving.Champion;
        if (shadowing is not null)
        {
            shadow.Enqueue(shadowing, rows, results);
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

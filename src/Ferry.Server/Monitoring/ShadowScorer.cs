using System.Diagnostics;
using System.Threading.Channels;
using Ferry.Core.Monitoring;
using Ferry.Core.Prediction;
using Ferry.Core.Storage;
using Ferry.Server.Models;

namespace Ferry.Server.Monitoring;

/// <summary>Scores served request rows again with the model shadowing the one that answered (the challenger beside the
/// champion, the champion beside the canary), off the request path: a request hands its parsed rows over and is answered
/// at once; a background loop predicts them with the shadowing model and logs those answers under
/// <see cref="PredictionRecord.ShadowId"/> of the answered ids, whose feedback is their ground truth. When the loop
/// falls behind, rows are dropped (counted), never queued without bound; on shutdown the queued rows are scored first.</summary>
public sealed class ShadowScorer(PredictionLog log, TimeProvider time, ServerMetrics metrics, ILogger<ShadowScorer> logger) : BackgroundService
{
    private readonly Channel<(LoadedModel Challenger, IReadOnlyList<InputRow> Rows, string[] Ids)> _queue =
        Channel.CreateBounded<(LoadedModel, IReadOnlyList<InputRow>, string[])>(new BoundedChannelOptions(4096) { SingleReader = true });

    public void Enqueue(LoadedModel challenger, IReadOnlyList<InputRow> rows, IReadOnlyList<PredictionResult> answers)
    {
        if (!_queue.Writer.TryWrite((challenger, rows, [.. answers.Select(a => a.Id)])))
        {
            metrics.ShadowDropped.Inc(rows.Count);
        }
    }

    /// <summary>Takes no more rows and lets the loop score what is queued, before the prediction log is drained.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (challenger, rows, ids) in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                Score(challenger, rows, ids);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                metrics.ShadowDropped.Inc(rows.Count);
                logger.LogError(e, "The challenger v{Version} failed to score {Count} rows in shadow", challenger.Manifest.Version, rows.Count);
            }
        }
    }

    private void Score(LoadedModel challenger, IReadOnlyList<InputRow> rows, string[] ids)
    {
        var clock = Stopwatch.StartNew();
        var results = challenger.Predict(rows, explainTop: 0);
        var manifest = challenger.Manifest;
        var at = time.GetUtcNow();
        var latency = clock.Elapsed.TotalMilliseconds / rows.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            // A row the challenger overflows (its preparation differs from the champion's) has no answer to compare.
            if (results[i].IsFinite)
            {
                log.Add(new PredictionRecord(PredictionRecord.ShadowId(ids[i]), manifest.Name, manifest.Version, at, latency, manifest.Inputs, rows[i], results[i]));
            }
        }
    }
}

using System.Threading.Channels;
using Ferry.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Monitoring;

/// <summary>Writes served predictions and failed requests to the store from one background loop, in batches of
/// one transaction, so a request never waits on the disk. The loop lingers up to 50 ms for a batch to gather (one
/// transaction per request would cost more than the request); a flush or a stop cuts the wait short. The queue is
/// bounded: when the disk cannot keep up, further records are counted in <see cref="Dropped"/> instead of growing
/// memory. <see cref="StopAsync"/> drains it, and so does disposing it (a host disposed without being stopped). The store
/// keeps the latest <c>keep</c> predictions: older ones are pruned after every tenth of that many writes, and at the end.</summary>
public sealed class PredictionLog : IAsyncDisposable, IDisposable
{
    private const int BatchSize = 2000;
    /// <summary>How long the writer waits for a batch to gather before writing it.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private readonly Channel<object> _queue;
    private readonly IMonitoringStore _store;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly int _keep;
    private long _dropped;
    private int _sincePrune;
    private volatile bool _stopping;
    private volatile TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PredictionLog(IMonitoringStore store, ILogger logger, int keep = 1_000_000, int capacity = 200_000)
    {
        _store = store;
        _logger = logger;
        _keep = keep;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Records lost because the queue was full or the store failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Add(PredictionRecord prediction) => Enqueue(prediction);

    public void AddError(string model, int version, DateTimeOffset at, int status) => Enqueue(new ErrorRecord(model, version, at, status));

    /// <summary>Completes once everything added before the call is in the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(flushed, cancellationToken);
        _hurry.TrySetResult();
        await flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no more records and returns when the queue is written.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        _hurry.TrySetResult();
        await _loop;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public void Dispose() => StopAsync().GetAwaiter().GetResult();

    private void Enqueue(object record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task RunAsync()
    {
        var predictions = new List<PredictionRecord>(BatchSize);
        var errors = new List<(string, int, DateTimeOffset, int)>();
        var flushes = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (!_stopping && _queue.Reader.Count < BatchSize)
            {
                await Task.WhenAny(Task.Delay(Linger), _hurry.Task);
                _hurry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            while (predictions.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                switch (item)
                {
                    case PredictionRecord prediction:
                        predictions.Add(prediction);
                        break;
                    case ErrorRecord error:
                        errors.Add((error.Model, error.Version, error.At, error.Status));
                        break;
                    case TaskCompletionSource flush:
                        flushes.Add(flush);
                        break;
                }
            }

            Write(predictions, errors);
            flushes.ForEach(flush => flush.TrySetResult());
            _sincePrune += predictions.Count;
            if (_sincePrune >= Math.Max(_keep / 10, 1000))
            {
                Prune();
            }

            predictions.Clear();
            errors.Clear();
            flushes.Clear();
        }

        if (_sincePrune > 0)
        {
            Prune();
        }
    }

    private void Prune()
    {
        _sincePrune = 0;
        try
        {
            _store.Prune(_keep);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            _logger.LogWarning(e, "Pruning the prediction log to {Keep} rows failed; it will be tried again", _keep);
        }
    }

    private void Write(List<PredictionRecord> predictions, List<(string, int, DateTimeOffset, int)> errors)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (predictions.Count > 0)
                {
                    _store.AppendPredictions(predictions);
                }

                if (errors.Count > 0)
                {
                    _store.AppendErrors(errors);
                }

                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException && attempt < 3)
            {
                _logger.LogWarning(e, "Writing {Count} predictions to the log failed (attempt {Attempt}); retrying", predictions.Count, attempt);
                Thread.Sleep(200 * attempt);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                Interlocked.Add(ref _dropped, predictions.Count + errors.Count);
                _logger.LogError(e, "Dropped {Count} predictions: the log could not be written", predictions.Count);
                return;
            }
        }
    }

    private sealed record ErrorRecord(string Model, int Version, DateTimeOffset At, int Status);
}

using System.Threading.Channels;
using Ferry.Core.Prediction;
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
    private const long ErrorBytes = 128;
    /// <summary>How long the writer waits for a batch to gather before writing it.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private readonly Channel<object> _queue;
    private readonly IMonitoringStore _store;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly int _keep;
    private readonly PredictionLogLimits _limits;
    private readonly TimeProvider _time;
    private readonly long[] _dropped = new long[Enum.GetValues<PredictionLogDrop>().Length];
    private long _queuedBytes;
    private long _truncatedCells;
    private volatile StoreOutcome? _lastWrite;
    private int _sincePrune;
    private volatile bool _stopping;
    private volatile TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PredictionLog(IMonitoringStore store, ILogger logger, int keep = 1_000_000, PredictionLogLimits? limits = null, TimeProvider? time = null)
    {
        _store = store;
        _logger = logger;
        _keep = keep;
        _limits = limits ?? new PredictionLogLimits();
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(_limits.Rows) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Records lost because the queue was full or the store failed.</summary>
    public long Dropped => Enum.GetValues<PredictionLogDrop>().Sum(DroppedFor);

    /// <summary>The most the queue holds and the longest cell logged.</summary>
    public PredictionLogLimits Limits => _limits;

    /// <summary>Records waiting to be written.</summary>
    public int QueuedRows => _queue.Reader.Count;

    /// <summary>Estimated bytes of the records waiting to be written.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Cells whose text was logged cut to <see cref="PredictionLogLimits.CellChars"/>.</summary>
    public long TruncatedCells => Interlocked.Read(ref _truncatedCells);

    /// <summary>The latest write to the store, or null before the first.</summary>
    public StoreOutcome? LastWrite => _lastWrite;

    /// <summary>Records lost for <paramref name="reason"/>.</summary>
    public long DroppedFor(PredictionLogDrop reason) => Interlocked.Read(ref _dropped[(int)reason]);

    public void Add(PredictionRecord prediction)
    {
        var logged = Truncate(prediction);
        Enqueue(logged, Bytes(logged));
    }

    public void AddError(string model, int version, DateTimeOffset at, int status) => Enqueue(new ErrorRecord(model, version, at, status), ErrorBytes);

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

    /// <summary>A record's memory, roughly: its objects, values and text.</summary>
    private static long Bytes(PredictionRecord prediction)
    {
        var bytes = 512L + (16L * prediction.Inputs.Count) + (64L * ((prediction.Result.Probabilities?.Count ?? 0) + prediction.Result.Explanation.Count));
        for (var i = 0; i < prediction.Inputs.Count; i++)
        {
            bytes += 2L * (prediction.Row.Text(i)?.Length ?? 0);
        }

        return bytes;
    }

    private static long Bytes(object item) => item switch
    {
        PredictionRecord prediction => Bytes(prediction),
        ErrorRecord => ErrorBytes,
        _ => 0,
    };

    /// <summary>The record with every text longer than the limit cut to it (never between the halves of a surrogate pair).</summary>
    private PredictionRecord Truncate(PredictionRecord prediction)
    {
        InputRow? cut = null;
        var limit = _limits.CellChars;
        for (var i = 0; i < prediction.Inputs.Count; i++)
        {
            if (prediction.Row.Text(i) is { } text && text.Length > limit)
            {
                cut ??= Copy(prediction.Row, prediction.Inputs.Count);
                cut.SetText(i, text[..(char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit)]);
                Interlocked.Increment(ref _truncatedCells);
            }
        }

        return cut is null ? prediction : prediction with { Row = cut };
    }

    private static InputRow Copy(InputRow row, int columns)
    {
        var copy = new InputRow(columns);
        for (var i = 0; i < columns; i++)
        {
            copy.SetNumber(i, row.Number(i));
            copy.SetText(i, row.Text(i));
        }

        return copy;
    }

    private void Enqueue(object record, long bytes)
    {
        if (Interlocked.Add(ref _queuedBytes, bytes) > _limits.Bytes)
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            Interlocked.Increment(ref _dropped[(int)PredictionLogDrop.QueueBytes]);
        }
        else if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            Interlocked.Increment(ref _dropped[(int)PredictionLogDrop.QueueRows]);
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

            var bytes = 0L;
            while (predictions.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                bytes += Bytes(item);
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
            Interlocked.Add(ref _queuedBytes, -bytes);
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

                if (predictions.Count + errors.Count > 0)
                {
                    _lastWrite = new StoreOutcome(_time.GetUtcNow(), null);
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
                Interlocked.Add(ref _dropped[(int)PredictionLogDrop.Store], predictions.Count + errors.Count);
                _lastWrite = new StoreOutcome(_time.GetUtcNow(), e.Message);
                _logger.LogError(e, "Dropped {Count} predictions: the log could not be written", predictions.Count);
                return;
            }
        }
    }

    private sealed record ErrorRecord(string Model, int Version, DateTimeOffset At, int Status);
}

using System.Diagnostics;
using Ferry.Core.Training;

namespace Ferry.Core.Lifecycle;

/// <summary>A training run's stages as they pass: each one reported to the run's progress (when it has words for it)
/// and traced as a span (`ferry.train.STAGE`) under the run's own (`ferry.train`), the previous stage's span ended when
/// the next begins. A run disposed before <see cref="Done"/> ends its spans with an error status.</summary>
internal sealed class TrainingStages : IDisposable
{
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly Activity? _run;
    private Activity? _stage;
    private bool _done;

    public TrainingStages(string model, IProgress<TrainingProgress>? progress)
    {
        _progress = progress;
        _run = FerryTracing.Source.StartActivity("ferry.train")?.SetTag("ferry.model", model);
    }

    /// <summary>The run's span, for tags known as it goes (null while nothing listens).</summary>
    public Activity? Run => _run;

    /// <summary>Ends the stage running and begins <paramref name="name"/>, reported as <paramref name="words"/> when given.</summary>
    public Activity? Begin(string name, string? words = null)
    {
        _stage?.Dispose();
        if (words is not null)
        {
            _progress?.Report(new TrainingProgress(words, 0, 0));
        }

        _stage = _run is null ? null : FerryTracing.Source.StartActivity("ferry.train." + name);
        return _stage;
    }

    /// <summary>The run finished: its spans end with an ok status.</summary>
    public void Done()
    {
        _done = true;
        _stage?.SetStatus(ActivityStatusCode.Ok);
        _run?.SetStatus(ActivityStatusCode.Ok);
    }

    public void Dispose()
    {
        if (!_done)
        {
            _stage?.SetStatus(ActivityStatusCode.Error, "the run stopped in this stage");
            _run?.SetStatus(ActivityStatusCode.Error, "the run stopped before it registered a version");
        }

        _stage?.Dispose();
        _run?.Dispose();
    }
}

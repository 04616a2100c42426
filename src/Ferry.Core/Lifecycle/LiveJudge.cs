using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>Judges a challenger on live traffic beside the champion, as a run's shadow, canary and bake do (in the bake
/// the new champion is the challenger side and the previous one, scoring in shadow, the champion side). It is stopped at
/// once when it is significantly worse on the labelled rows both answered (the gate's paired test), or, where its answers
/// reach clients (canary, bake; a shadow's latency is off the request path), when its p99 latency is over twice the
/// champion's (and more than <see cref="LatencyNoiseMs"/> above it) or its error rate is higher; it is ready when the rows both
/// answered reach the stage's count without any of these.</summary>
internal static class LiveJudge
{
    /// <summary>Predictions (or requests) each side needs before its latency or error rate is compared.</summary>
    public const int MinimumRequests = 20;

    /// <summary>A p99 latency (per row) this little above the champion's is noise, not a regression, however many times it
    /// is: on a busy machine a request whose thread waits out one scheduling period or a GC pause lands in the p99 (a bake
    /// on 2 loaded cores measured 2.2 ms against 1.0 ms for the same model family), and a few milliseconds is not what a
    /// client notices.</summary>
    public const double LatencyNoiseMs = 5;

    /// <summary>How much higher the challenger's error rate may be than the champion's before it is stopped.</summary>
    public const double ErrorRateMargin = 0.01;

    /// <param name="metric">The success metric.</param>
    /// <param name="pairs">Both sides' answers on the same labelled rows since the stage began.</param>
    /// <param name="champion">The champion side's health since the stage began, or null.</param>
    /// <param name="challenger">The challenger side's.</param>
    /// <param name="rowsNeeded">The paired labelled rows after which the stage is done.</param>
    /// <param name="answersClients">Whether the challenger side's answers reach clients (canary, bake), so its latency and errors count.</param>
    /// <param name="seed">Seeds the paired permutation test.</param>
    public static LiveVerdict Judge(string metric, PairedAnswers pairs, VersionHealth? champion, VersionHealth? challenger, int rowsNeeded,
        bool answersClients, int seed)
    {
        if (answersClients && champion is { Predictions: >= MinimumRequests } a && challenger is { Predictions: >= MinimumRequests } b && b.P99Ms > 2 * a.P99Ms
            && b.P99Ms - a.P99Ms > LatencyNoiseMs)
        {
            return new(LiveOutcome.Worse, $"its p99 latency {b.P99Ms:0.###} ms is over twice the champion's {a.P99Ms:0.###} ms", pairs.Rows);
        }

        if (answersClients && challenger is { } c && c.Predictions + c.Errors >= MinimumRequests && c.Errors >= 3
            && c.ErrorRate > (champion?.ErrorRate ?? 0) + ErrorRateMargin)
        {
            return new(LiveOutcome.Worse, $"its error rate {c.ErrorRate:P1} is above the champion's {champion?.ErrorRate ?? 0:P1}", pairs.Rows);
        }

        if (pairs.Rows == 0)
        {
            return new(LiveOutcome.Waiting, $"no labelled rows answered by both yet (needs {rowsNeeded})", 0);
        }

        var test = PairedTests.For(metric, pairs, seed);
        var (championScore, challengerScore) = (pairs.Score(metric, pairs.Champion), pairs.Score(metric, pairs.Challenger));
        var scores = $"{metric} {challengerScore:0.####} against {championScore:0.####} on {pairs.Rows} labelled rows, {test.Name} {test.PValueText}";
        var worse = MetricNames.HigherIsBetter(metric) ? challengerScore < championScore : challengerScore > championScore;
        var outcome = worse && test.Significant ? LiveOutcome.Worse : pairs.Rows >= rowsNeeded ? LiveOutcome.Ready : LiveOutcome.Waiting;
        var reason = outcome switch
        {
            LiveOutcome.Worse => $"significantly worse ({scores})",
            LiveOutcome.Ready => $"no worse ({scores})",
            _ => $"{pairs.Rows} of {rowsNeeded} labelled rows so far ({scores})",
        };
        return new(outcome, reason, pairs.Rows, championScore, challengerScore, test);
    }
}

/// <summary>Where a challenger stands on live traffic.</summary>
internal enum LiveOutcome
{
    /// <summary>Not enough labelled rows yet, and nothing against it.</summary>
    Waiting,

    /// <summary>Enough rows, and no worse.</summary>
    Ready,

    /// <summary>Stop: significantly worse, slower or failing more.</summary>
    Worse,
}

/// <summary>A live judgement: the outcome, why, and the evidence.</summary>
internal sealed record LiveVerdict(LiveOutcome Outcome, string Reason, int Rows, double? ChampionScore = null, double? ChallengerScore = null, PairedTest? Test = null);

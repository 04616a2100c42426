namespace Ferry.Core.Evaluation;

/// <summary>The wall clock of one `ferry train`, started when the run began, against which the search's budget runs.</summary>
/// <param name="Time">The clock.</param>
/// <param name="Started">Its timestamp when the run began.</param>
internal sealed record SearchClock(TimeProvider Time, long Started)
{
    public static SearchClock Start(TimeProvider time) => new(time, time.GetTimestamp());

    public TimeSpan Elapsed => Time.GetElapsedTime(Started);
}

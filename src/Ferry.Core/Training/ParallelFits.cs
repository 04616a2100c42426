using System.Runtime.ExceptionServices;

namespace Ferry.Core.Training;

/// <summary>Runs independent fits on every core. A fit refused with a user error (a candidate that cannot fit these
/// rows) is reported as itself, not wrapped in the AggregateException the parallel loop throws.</summary>
internal static class ParallelFits
{
    public static void For(int count, CancellationToken cancellationToken, Action<int> fit)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, count, options, fit);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<FerryException>().FirstOrDefault() is { } userError)
        {
            ExceptionDispatchInfo.Throw(userError);
        }
    }
}

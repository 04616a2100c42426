using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Ferry.Core.Storage;

/// <summary>Who holds a reserved, not yet ready version and until when. A training renews its lease while it writes the
/// version; a reservation is stale (left by a killed training) once its lease has run out, or at once when its owner
/// was a process on this machine that is gone. Anything else is a training in progress and is left alone.</summary>
internal static class VersionLease
{
    /// <summary>How long a reservation stays in progress without a renewal.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(2);

    /// <summary>How often a training renews its reservation (a quarter of <see cref="Duration"/>).</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    private static readonly string s_process = Describe(Process.GetCurrentProcess());

    /// <summary>The owner of a new reservation: this process (machine, process id and start time, so that a reused id is
    /// not taken for it) and a token of this reservation alone.</summary>
    public static string NewOwner() => $"{s_process}/{Guid.NewGuid():N}";

    /// <summary>True when <paramref name="owner"/> was a process on this machine that no longer runs; false when it runs,
    /// or ran on another machine (whose liveness only its lease tells).</summary>
    public static bool IsGone(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return Describe(process) != string.Join('/', parts[..3]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return true;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private static string Describe(Process process) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{process.Id}/{process.StartTime.ToUniversalTime().Ticks}");
}

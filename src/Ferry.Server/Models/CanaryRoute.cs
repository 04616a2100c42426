using System.IO.Hashing;
using System.Text;

namespace Ferry.Server.Models;

/// <summary>Which side of a canary a prediction id falls on: its place in [0, 1) from a hash of the id's text (XxHash64,
/// the same in every process and on every replica, unlike <see cref="string.GetHashCode()"/>), so the same id is always
/// answered by the same side and a share of the ids falls below <c>share</c>.</summary>
internal static class CanaryRoute
{
    /// <summary>2^-53: the 53 high bits of the hash as a double in [0, 1).</summary>
    private const double Unit = 1.0 / (1UL << 53);

    /// <summary>True when the canary answers the request whose first prediction id is <paramref name="id"/>.</summary>
    public static bool Takes(string id, double share) => Place(id) < share;

    public static double Place(string id) => (XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id)) >> 11) * Unit;
}

using System.Text.Json.Serialization;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One member of the manifest's `ensemble` (<see cref="EnsembleMember"/>).</summary>
internal sealed record EnsembleMemberFile(
    [property: JsonPropertyName("candidate")] string Candidate,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, double> Parameters,
    [property: JsonPropertyName("weight")] double Weight)
{
    public static EnsembleMemberFile From(EnsembleMember member) => new(member.Candidate, member.Parameters, member.Weight);

    public EnsembleMember ToMember() => new(Candidate, Parameters, Weight);
}

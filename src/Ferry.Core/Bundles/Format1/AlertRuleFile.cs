using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One of the manifest's `monitor.alerts` (<see cref="AlertRule"/>).</summary>
internal sealed record AlertRuleFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("threshold")] double Threshold)
{
    public static AlertRuleFile From(AlertRule rule) => new(rule.Name, rule.Threshold);

    public AlertRule ToRule() => new(Name, Threshold);
}

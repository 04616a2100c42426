using System.Text.Json.Serialization;
using Ferry.Core.Evaluation;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One row of the manifest's `classReport` (<see cref="ClassReport"/>).</summary>
internal sealed record ClassReportFile(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support)
{
    public static ClassReportFile From(ClassReport report) => new(report.Class, report.Precision, report.Recall, report.F1, report.Support);

    public ClassReport ToReport() => new(Class, Precision, Recall, F1, Support);
}

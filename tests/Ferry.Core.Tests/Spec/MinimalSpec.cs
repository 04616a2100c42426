using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Spec;

/// <summary>The smallest valid spec, with a section appended: what the section tests parse.</summary>
internal static class MinimalSpec
{
    private const string Minimal = """
        name: churn
        type: binary-classification
        data:
          source: data/customers.csv
        target: churned
        """;

    public static ProblemSpec With(string yaml, string type = "binary-classification") =>
        SpecLoader.Parse(Minimal.Replace("binary-classification", type, StringComparison.Ordinal) + "\n" + yaml + "\n", "/specs/ferry.yaml");
}

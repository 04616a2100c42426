using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Ferry.Core.Tests.Architecture;

/// <summary>The rule of docs/architecture.md: a Core stage (a namespace under the root, with its sub-namespaces) depends
/// only on the stages before it, and the root's own types (the shared kernel) on no stage.</summary>
internal static class StageOrder
{
    public static readonly string[] Stages =
        ["Spec", "Data", "Preparation", "Features", "Training", "Prediction", "Evaluation", "Bundles", "Storage", "Monitoring", "Lifecycle"];

    public static IReadOnlyList<string> Violations(Assembly assembly, string root)
    {
        var violations = new List<string>();
        foreach (var stage in Stages)
        {
            violations.AddRange(Failing(assembly, $"^{Regex.Escape(root)}$", root, $"{root}.{stage}"));
        }

        for (var i = 0; i < Stages.Length; i++)
        {
            foreach (var later in Stages.Skip(i + 1))
            {
                violations.AddRange(Failing(assembly, $@"^{Regex.Escape($"{root}.{Stages[i]}")}(\.|$)", $"{root}.{Stages[i]}", $"{root}.{later}"));
            }
        }

        return violations;
    }

    private static IEnumerable<string> Failing(Assembly assembly, string namespacePattern, string stage, string later)
    {
        var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching(namespacePattern)
            .ShouldNot().HaveDependencyOn(later).GetResult();
        return result.FailingTypeNames?.Select(type => $"{type} ({stage}) depends on {later}, which comes after it") ?? [];
    }
}

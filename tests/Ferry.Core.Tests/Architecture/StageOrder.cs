using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Ferry.Core.Tests.Architecture;

/// <summary>The rule of docs/architecture.md: a Core stage (a namespace under the root, with its sub-namespaces) depends
/// only on the stages before it, and the root's own types (the shared kernel) on no stage. Top-level types are checked by
/// NetArchTest, nested ones by <see cref="NestedTypeReferences"/>; every type must sit in the root or in a stage.</summary>
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

        violations.AddRange(NestedViolations(assembly, root));
        violations.AddRange(OutsideEveryStage(assembly, root));
        return violations;
    }

    /// <summary>The stage a namespace belongs to (its index in <see cref="Stages"/>), -1 for the root, null for neither.</summary>
    private static int? StageOf(string? ns, string root) =>
        ns == root ? -1
        : Array.FindIndex(Stages, stage => ns is not null && (ns == $"{root}.{stage}" || ns.StartsWith($"{root}.{stage}.", StringComparison.Ordinal))) is var i and >= 0 ? i
        : null;

    private static IEnumerable<string> NestedViolations(Assembly assembly, string root) =>
        from nested in NestedTypeReferences.Read(assembly.Location)
        let stage = StageOf(nested.Namespace, root)
        where stage is not null
        from reference in nested.References
        let later = StageOf(reference[..reference.LastIndexOf('.')], root)
        where later > stage
        select $"{nested.Type} ({nested.Namespace}) depends on {root}.{Stages[later!.Value]}, which comes after it";

    /// <summary>A top-level type in a namespace that is neither the root nor a stage would escape every rule.</summary>
    private static IEnumerable<string> OutsideEveryStage(Assembly assembly, string root) =>
        from type in assembly.GetTypes()
        where !type.IsNested && type.Namespace?.StartsWith(root, StringComparison.Ordinal) == true
        where StageOf(type.Namespace, root) is null
        select $"{type.FullName} is in {type.Namespace}, which is neither {root} nor one of its stages";

    private static IEnumerable<string> Failing(Assembly assembly, string namespacePattern, string stage, string later)
    {
        var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching(namespacePattern)
            .ShouldNot().HaveDependencyOn(later).GetResult();
        return result.FailingTypeNames?.Select(type => $"{type} ({stage}) depends on {later}, which comes after it") ?? [];
    }
}

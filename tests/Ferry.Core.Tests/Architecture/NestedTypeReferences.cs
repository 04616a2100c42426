using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Core.Tests.Architecture;

/// <summary>What NetArchTest does not look at: a nested type has no namespace of its own, so its rules never see it.
/// This reads every nested type's references (base type, interfaces, fields, properties, signatures, attributes, locals
/// and every instruction's operand, generic arguments included) from the IL with Mono.Cecil, under the namespace of
/// the type it is nested in.</summary>
internal static class NestedTypeReferences
{
    /// <summary>Each nested type with the namespace it lives in and the full names of the types it references.</summary>
    public static IEnumerable<(string Type, string Namespace, IReadOnlySet<string> References)> Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes().Where(type => type.IsNested))
        {
            var top = type;
            while (top.DeclaringType is not null)
            {
                top = top.DeclaringType;
            }

            yield return (type.FullName, top.Namespace, References(type));
        }
    }

    private static HashSet<string> References(TypeDefinition type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Add(names, type.BaseType);
        type.Interfaces.ToList().ForEach(i => Add(names, i.InterfaceType));
        type.CustomAttributes.ToList().ForEach(a => Add(names, a.AttributeType));
        type.Fields.ToList().ForEach(f => Add(names, f.FieldType));
        type.Properties.ToList().ForEach(p => Add(names, p.PropertyType));
        foreach (var method in type.Methods)
        {
            Add(names, method.ReturnType);
            method.Parameters.ToList().ForEach(p => Add(names, p.ParameterType));
            method.CustomAttributes.ToList().ForEach(a => Add(names, a.AttributeType));
            if (!method.HasBody)
            {
                continue;
            }

            method.Body.Variables.ToList().ForEach(v => Add(names, v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                Add(names, instruction);
            }
        }

        return names;
    }

    private static void Add(HashSet<string> names, Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                Add(names, type);
                break;
            case MethodReference method:
                Add(names, method.DeclaringType);
                Add(names, method.ReturnType);
                method.Parameters.ToList().ForEach(p => Add(names, p.ParameterType));
                if (method is GenericInstanceMethod generic)
                {
                    generic.GenericArguments.ToList().ForEach(a => Add(names, a));
                }

                break;
            case FieldReference field:
                Add(names, field.DeclaringType);
                Add(names, field.FieldType);
                break;
        }
    }

    private static void Add(HashSet<string> names, TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case TypeSpecification specification:
                Add(names, specification.ElementType);
                if (specification is GenericInstanceType generic)
                {
                    generic.GenericArguments.ToList().ForEach(a => Add(names, a));
                }

                return;
        }

        var top = type;
        while (top.DeclaringType is not null)
        {
            top = top.DeclaringType;
        }

        names.Add($"{top.Namespace}.{top.Name}");
    }
}

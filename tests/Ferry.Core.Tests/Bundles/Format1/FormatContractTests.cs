using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ferry.Core.Bundles.Format1;
using Ferry.Testing;

namespace Ferry.Core.Tests.Bundles.Format1;

/// <summary>Bundle format 1 is its own contract (docs/decisions/013-bundle-format-contract.md): its records spell out
/// every JSON name and enum string and hold nothing but their own types and plain JSON values, so no in-memory record
/// can change the file; and the JSON they describe is the committed tests/data/bundles/format1-schema.txt.</summary>
public sealed class FormatContractTests
{
    private static readonly Type[] s_types = [.. typeof(ManifestFile).Assembly.GetTypes()
        .Where(type => type.Namespace == typeof(ManifestFile).Namespace && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))];

    private static readonly JsonSerializerOptions s_options = new(BundleJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly Type[] s_plainValues = [typeof(string), typeof(int), typeof(double), typeof(bool), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Uri)];

    private static IEnumerable<PropertyInfo> Properties => s_types.Where(type => type.IsClass && !type.IsAbstract)
        .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance));

    private static bool IsFormatValue(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsFormatValue(underlying);
        }

        if (type.IsArray)
        {
            return IsFormatValue(type.GetElementType()!);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return IsFormatValue(type.GetGenericArguments()[0]);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return type.GetGenericArguments()[0] == typeof(string) && IsFormatValue(type.GetGenericArguments()[1]);
        }

        return s_plainValues.Contains(type) || s_types.Contains(type);
    }

    /// <summary>One line per JSON value the records describe, as the serializer sees them: its path, whether it must be
    /// present, whether it may be null, and what it holds (an enum's strings as written).</summary>
    private static void Describe(Type type, string path, string flags, List<string> lines)
    {
        var info = s_options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when s_types.Contains(info.Type):
                lines.Add($"{path}{flags} object");
                foreach (var property in info.Properties)
                {
                    var propertyFlags = (property.IsRequired ? " required" : "") + (property.IsSetNullable ? " nullable" : "");
                    Describe(property.PropertyType, $"{path}.{property.Name}", propertyFlags, lines);
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                lines.Add($"{path}{flags} array");
                Describe(info.ElementType!, $"{path}[]", "", lines);
                break;
            case JsonTypeInfoKind.Dictionary:
                lines.Add($"{path}{flags} map");
                Describe(info.ElementType!, $"{path}.*", "", lines);
                break;
            default:
                lines.Add($"{path}{flags} {Value(info.Type)}");
                break;
        }
    }

    private static string Value(Type type) => type switch
    {
        _ when type.IsEnum => $"string {string.Join('|', Enum.GetValues(type).Cast<object>().Select(value => JsonSerializer.Serialize(value, type, s_options).Trim('"')))}",
        _ when type == typeof(int) => "integer",
        _ when type == typeof(double) => "number (NaN, Infinity and -Infinity as strings)",
        _ when type == typeof(DateTimeOffset) => "string (ISO 8601 date and time with offset)",
        _ when type == typeof(TimeSpan) => "string (TimeSpan, [d.]hh:mm:ss[.fffffff])",
        _ when type == typeof(Uri) => "string (absolute URI)",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(string) => "string",
        _ => type.Name,
    };

    [Fact]
    public void Format1_EveryProperty_NamesItsJsonPropertyExplicitly()
    {
        var unnamed = Properties.Where(property => !property.IsDefined(typeof(JsonPropertyNameAttribute))).Select(property => $"{property.DeclaringType!.Name}.{property.Name}");

        Assert.Empty(unnamed);
    }

    [Fact]
    public void Format1_EveryPropertyType_IsAFormat1TypeOrAPlainJsonValue()
    {
        var foreign = Properties.Where(property => !IsFormatValue(property.PropertyType)).Select(property => $"{property.DeclaringType!.Name}.{property.Name}: {property.PropertyType}");

        Assert.Empty(foreign);
    }

    [Fact]
    public void Format1_EveryEnumMember_NamesItsJsonStringExplicitly()
    {
        var unnamed = s_types.Where(type => type.IsEnum).SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(member => !member.IsDefined(typeof(JsonStringEnumMemberNameAttribute))).Select(member => $"{member.DeclaringType!.Name}.{member.Name}");

        Assert.Empty(unnamed);
    }

    [Fact]
    public void Format1_ManifestAndDigests_DescribeTheCommittedSchema()
    {
        var lines = new List<string>();
        Describe(typeof(ManifestFile), "manifest.json $", "", lines);
        Describe(typeof(DigestsFile), "digests.json $", "", lines);

        Assert.Equal(File.ReadAllLines(TestFiles.Data("bundles/format1-schema.txt")).Where(line => !line.StartsWith('#')), lines);
    }
}

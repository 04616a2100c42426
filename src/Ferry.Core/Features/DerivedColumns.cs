using Ferry.Core.Data;

namespace Ferry.Core.Features;

/// <summary>Compiles `features.derive` expressions against the numeric columns of the input schema.</summary>
internal static class DerivedColumns
{
    public static Expression Compile(string name, string expression, IReadOnlyList<ColumnInfo> inputs) =>
        Expression.Parse(expression, column =>
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].Name == column && inputs[i].Kind != ColumnKind.Category)
                {
                    return i;
                }
            }

            return null;
        }, $"features.derive.{name}");
}

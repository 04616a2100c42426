namespace Ferry.Core.Data;

/// <summary>What a column holds. Numbers, booleans and dates are stored as floats (dates as days since
/// 1970-01-01 UTC, NaN when missing); categories as codes into their distinct values (missing: code 0).</summary>
public enum ColumnKind
{
    Number,
    Category,
    Boolean,
    Date,
}

namespace Ferry.Core.Data;

/// <summary>One record of a delimited file and the line it starts on (1-based).</summary>
internal sealed record CsvRecord(string[] Fields, int Line);

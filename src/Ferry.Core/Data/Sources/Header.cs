namespace Ferry.Core.Data.Sources;

/// <summary>Checks a source's column names: none empty, none repeated (one hash set: a header of 100,000 names is checked at once).</summary>
internal static class Header
{
    /// <param name="columns">The names.</param>
    /// <param name="where">Where the header is, for messages.</param>
    /// <param name="skipped">How many columns of the header came before <paramref name="columns"/> (left out by the
    /// reader), so a message numbers a column as the header does.</param>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> columns, string where, int skipped = 0)
    {
        if (columns.Count == 0)
        {
            throw new FerryException($"{where}: there are no columns");
        }

        var seen = new HashSet<string>(columns.Count, StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Length == 0)
            {
                throw new FerryException($"{where}: column {c + 1 + skipped} of the header has no name");
            }

            if (!seen.Add(columns[c]))
            {
                throw new FerryException($"{where}: column name '{columns[c]}' appears twice in the header");
            }
        }

        return columns;
    }
}

using Ferry.Core.Data.Sources;

namespace Ferry.Core.Data;

/// <summary>Comma-separated text that is not a file (a request body), read as a data file is: RFC 4180 fields, a header
/// row of column names (none empty, none repeated), then records of as many fields, each missing-value token
/// (<see cref="ValueParser.IsMissing"/>) a null cell; a bad record is a <see cref="FerryException"/> naming its line.</summary>
public static class CsvText
{
    /// <param name="reader">The text, disposed with the cursor.</param>
    /// <param name="name">What the text is, for messages ("the CSV body").</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="unnamedIndex">Reads a first column whose header name is empty as pandas' index and leaves it out of
    /// the columns and cells: <c>DataFrame.to_csv()</c> writes its index so (<c>,a,b</c> then <c>0,1,2</c>). Any other
    /// column without a name is still refused.</param>
    public static IRecordCursor Open(TextReader reader, string name, CancellationToken cancellationToken, bool unnamedIndex = false) =>
        CsvSource.Open(reader, ',', name, cancellationToken, unnamedIndex);
}

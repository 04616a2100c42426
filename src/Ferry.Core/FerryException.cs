namespace Ferry.Core;

/// <summary>A user error: bad input, a bad spec, a missing file. The message names what is wrong
/// and where (file, row, column, field), and is shown to the user as it is; <see cref="Kind"/> says which kind of error.</summary>
public sealed class FerryException : Exception
{
    public FerryException(string message)
        : base(message)
    {
    }

    public FerryException(FerryErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public FerryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FerryException(FerryErrorKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public FerryException()
    {
    }

    public FerryErrorKind Kind { get; } = FerryErrorKind.Invalid;
}

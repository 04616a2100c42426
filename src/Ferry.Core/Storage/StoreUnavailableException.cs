using System.Data.Common;

namespace Ferry.Core.Storage;

/// <summary>The store's database cannot be reached. A <see cref="DbException"/> like every other store failure, so
/// whoever handles store failures (the server answers 503, the CLI prints one line) handles this one too; its message
/// names the store without its password.</summary>
public sealed class StoreUnavailableException : DbException
{
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException()
    {
    }
}

using Ferry.Core;
namespace Ferry.Cli;

/// <summary>Says in one line what went wrong with a file, when an exception (or one it wraps) is a file system failure:
/// a full disk, a denied permission, or another I/O error, each naming the path the system names.</summary>
internal static class FileSystemFailure
{
    /// <summary>ENOSPC on Linux and macOS (the exception's HResult is the errno there).</summary>
    private const int NoSpace = 28;

    /// <summary>ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.</summary>
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int DiskFull = unchecked((int)0x80070070);

    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case IOException io when io.HResult is NoSpace or HandleDiskFull or DiskFull:
                    return $"the disk is full: {OneLineText.Of(io.Message)}";
                case UnauthorizedAccessException denied:
                    return $"permission denied: {OneLineText.Of(denied.Message)}";
                case IOException io:
                    return $"file system error: {OneLineText.Of(io.Message)}";
            }
        }

        return null;
    }
}

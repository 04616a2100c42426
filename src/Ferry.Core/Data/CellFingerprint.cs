using System.Security.Cryptography;
using System.Text;

namespace Ferry.Core.Data;

/// <summary>SHA-256 of a table's loaded cells, each as UTF-8 followed by a unit separator (a missing cell as NUL). Cells
/// are gathered in a 64 KB buffer and hashed a buffer at a time: one call into the hash per cell cost as much as
/// parsing the cell.</summary>
internal sealed class CellFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[1 << 16];
    private int _length;

    public void Add(string? cell)
    {
        var text = cell ?? "\0";
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
        if (_length + needed > _buffer.Length)
        {
            Flush();
            if (needed > _buffer.Length)
            {
                _buffer = new byte[needed];
            }
        }

        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        _buffer[_length++] = 0x1f;
    }

    /// <summary>The hash of every cell added, as lower-case hex.</summary>
    public string Finish()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }
}

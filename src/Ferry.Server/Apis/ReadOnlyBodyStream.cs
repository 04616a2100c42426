namespace Ferry.Server.Apis;

/// <summary>A request body that wraps another and is only read, forward: the stream members a body reader never calls
/// refuse, and every read goes through <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> and <see cref="Read(byte[], int, int)"/>,
/// which the body wrappers (<see cref="DecodedBodies"/>' decoding, the admission's byte count) override.</summary>
internal abstract class ReadOnlyBodyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override int Read(byte[] buffer, int offset, int count);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

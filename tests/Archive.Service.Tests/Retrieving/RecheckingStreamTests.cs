using Archive.Codec.Fixity;
using Archive.Service.Retrieving;

namespace Archive.Service.Tests.Retrieving;

/// <summary>
/// Sweep Q: a large object verified into the fetch spool was sent from that file without a second look; bytes altered
/// there after the check reached the requestor with C-GET Success.
/// </summary>
public sealed class RecheckingStreamTests
{
    private static readonly byte[] Object = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public async Task Read_FromTheDatasetOn_GivesEveryByte_WhenTheFileIsUnchanged()
    {
        var changed = 0;
        await using var stream = new RecheckingStream(new MemoryStream(Object), Digest(Object), () => changed++);
        var head = new byte[512];
        await stream.ReadExactlyAsync(head); // as the fetcher reads the Part 10 header, then seeks back
        stream.Seek(0, SeekOrigin.Begin);
        stream.Seek(132, SeekOrigin.Begin); // as a retrieve seeks to the dataset

        var rest = new MemoryStream();
        await stream.CopyToAsync(rest, 4096);

        Assert.Equal(Object.AsSpan(132).ToArray(), rest.ToArray());
        Assert.Equal(0, changed);
    }

    [Fact]
    public async Task Read_OfAFileChangedAfterItsCheck_FailsBeforeItsLastBytesLeave()
    {
        var spooled = (byte[])Object.Clone();
        spooled[1000] ^= 1;
        var changed = 0;
        await using var stream = new RecheckingStream(new MemoryStream(spooled), Digest(Object), () => changed++);
        stream.Seek(132, SeekOrigin.Begin);

        var sent = 0L;
        var buffer = new byte[4096];
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                sent += read;
            }
        });

        Assert.Contains("changed in its spool file", error.Message, StringComparison.Ordinal);
        Assert.True(sent < Object.Length - 132, "the whole dataset was handed out");
        Assert.Equal(1, changed);
    }

    private static Sha256Digest Digest(byte[] bytes)
    {
        using var hasher = new ObjectHasher();
        hasher.Append(bytes);
        return hasher.Finish();
    }
}

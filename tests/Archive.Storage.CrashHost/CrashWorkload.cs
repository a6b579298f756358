using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;

namespace Archive.Storage.CrashHost;

/// <summary>
/// The deterministic workload shared by the crash host and its verifier: shard number n fully
/// determines the object id, shard index, length and bytes, so a verifier can check any shard it
/// finds without having been told about it.
/// </summary>
public static class CrashWorkload
{
    /// <summary>Object id of shard number <paramref name="n"/>.</summary>
    public static ObjectId IdOf(long n) => new(0xC0DE_0000_0000_0000UL ^ (ulong)n, (ulong)n * 0x9E37_79B9_7F4A_7C15UL);

    /// <summary>Inverse of <see cref="IdOf"/>; false for ids the workload never makes.</summary>
    public static bool TryNumberOf(ObjectId id, out long n)
    {
        n = (long)(id.High ^ 0xC0DE_0000_0000_0000UL);
        return n >= 0 && IdOf(n) == id;
    }

    /// <summary>Shard key of shard number <paramref name="n"/>.</summary>
    public static ShardKey KeyOf(long n) => new(IdOf(n), 1, (ushort)(n % 6));

    /// <summary>Bytes of shard number <paramref name="n"/> (1 B – 256 KiB, some exact block multiples).</summary>
    public static byte[] ContentOf(long n)
    {
        var random = new Random((int)(n ^ (n >> 32)));
        int length = random.Next(4) == 0 ? 64 * 1024 * random.Next(1, 4) : random.Next(1, 256 * 1024);
        var bytes = new byte[length];

        // xorshift64* eight bytes at a time: the campaign re-derives every acknowledged shard after every kill, and the
        // seeded Random's NextBytes made that the campaign's whole cost (30 kills did not end in 12 minutes).
        ulong state = (ulong)random.NextInt64() | 1;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(0, length & ~7));
        for (int i = 0; i < words.Length; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            words[i] = state * 0x2545F4914F6CDD1DUL;
        }

        for (int i = length & ~7; i < length; i++)
        {
            bytes[i] = (byte)random.Next(256);
        }

        return bytes;
    }

    /// <summary>The put for shard number <paramref name="n"/>.</summary>
    public static ShardWrite WriteOf(long n)
    {
        var data = ContentOf(n);
        var manifest = new ObjectManifest(new ObjectKey(IdOf(n), 1), data.Length * 4L, Sha256Digest.Compute(data), "ec-4-2", 4, 2, 64 * 1024,
            ChecksumAlgorithm.XxHash3_64, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + n), [1, 2, 3]);
        return new ShardWrite(manifest, KeyOf(n).ShardIndex, data);
    }
}

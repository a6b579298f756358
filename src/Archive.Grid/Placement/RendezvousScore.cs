using System.IO.Hashing;
using System.Text;

namespace Archive.Grid.Placement;

/// <summary>
/// Weighted rendezvous (highest random weight) scores. The hash is XxHash3 of the object key,
/// seeded with the XxHash3 of the candidate's id: a fixed, documented function, because every
/// object's placement depends on it for decades. Changing it moves every shard — never do that.
/// </summary>
public static class RendezvousScore
{
    /// <summary>The per-candidate seed: XxHash3 (seed 0) of the id's UTF-8 bytes.</summary>
    public static long SeedOf(string candidateId)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(candidateId) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(candidateId, buffer)]
            : Encoding.UTF8.GetBytes(candidateId);
        return unchecked((long)XxHash3.HashToUInt64(bytes));
    }

    /// <summary>
    /// Score of a candidate with <paramref name="weight"/> for <paramref name="key"/>: −w / ln(u),
    /// with u uniform in (0, 1) from the hash. The candidate with the highest score wins; each
    /// candidate wins in proportion to its weight, and adding a candidate only takes keys it wins.
    /// </summary>
    public static double Score(ReadOnlySpan<byte> key, long candidateSeed, double weight)
    {
        var hash = XxHash3.HashToUInt64(key, candidateSeed);
        var unit = ((hash >> 11) + 0.5) / (1UL << 53);
        return -weight / Math.Log(unit);
    }
}

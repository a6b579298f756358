using System.Security.Cryptography;
using System.Text;

namespace Archive.Grid.Grpc.Security;

/// <summary>
/// The caller identity every RPC carries: metadata header <see cref="HeaderName"/> with
/// <c>"&lt;cluster id&gt;:&lt;secret&gt;"</c>. Immutable and thread-safe; the secret never appears in
/// <see cref="ToString"/> or logs.
/// </summary>
public sealed class ClusterIdentity
{
    /// <summary>The metadata header name (lower case, as HTTP/2 requires).</summary>
    public const string HeaderName = "archive-cluster";

    private readonly byte[] _expected;

    public ClusterIdentity(string clusterId, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ClusterId = clusterId;
        HeaderValue = clusterId + ":" + secret;
        _expected = Encoding.UTF8.GetBytes(HeaderValue);
    }

    public string ClusterId { get; }

    /// <summary>The value this node sends in <see cref="HeaderName"/>.</summary>
    public string HeaderValue { get; }

    /// <summary>True when <paramref name="presented"/> is exactly our header value (constant-time compare).</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected);

    /// <inheritdoc />
    public override string ToString() => $"cluster {ClusterId}";
}

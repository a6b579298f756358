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

    /// <summary>
    /// What makes this pair unusable as credentials, or null: both travel in an HTTP/2 header, which takes printable ASCII
    /// only (sweep Z2: a secret with "ü" or a line break let the node start and report ready while no call could carry it).
    /// </summary>
    public static string? Problem(string? clusterId, string? secret) =>
        string.IsNullOrWhiteSpace(clusterId) || clusterId.Contains(':', StringComparison.Ordinal) ? "the cluster id must be non-empty and contain no ':'"
        : !IsHeaderText(clusterId) ? "the cluster id must be printable ASCII (it travels in a request header)"
        : string.IsNullOrEmpty(secret) || secret.Length < 8 ? "the cluster secret must be at least 8 characters"
        : !IsHeaderText(secret) ? "the cluster secret must be printable ASCII, no line breaks and no spaces at either end (it travels in a request header)"
        : null;

    private static bool IsHeaderText(string value) =>
        value.All(c => c is >= ' ' and <= '~') && value.Trim() == value;

    /// <summary>The value this node sends in <see cref="HeaderName"/>.</summary>
    public string HeaderValue { get; }

    /// <summary>True when <paramref name="presented"/> is exactly our header value (constant-time compare).</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected);

    /// <inheritdoc />
    public override string ToString() => $"cluster {ClusterId}";
}

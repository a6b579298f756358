namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Reads the highest protocol version a TLS ClientHello offers from its first bytes (RFC 8446 4.1.2, RFC 5246 7.4.1.2):
/// a handshake record (22) holding a ClientHello (1) whose legacy version is below 3.3 comes from a client that speaks
/// nothing newer than TLS 1.1, since a TLS 1.2 or 1.3 client sets 3.3 there.
/// </summary>
internal static class ClientHello
{
    /// <summary>The content type of a TLS handshake record, a ClientHello's first byte.</summary>
    public const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;

    /// <summary>Bytes up to and including the ClientHello's version: record header (5), message type and length (4), version (2).</summary>
    public const int VersionEnd = 11;

    /// <summary>"TLS 1.0", "TLS 1.1" or "SSL 3.0" when <paramref name="first"/> is such a ClientHello's start; null otherwise (newer, or not enough bytes to say).</summary>
    public static string? OffersOnlyOldVersion(ReadOnlySpan<byte> first)
    {
        if (first.Length < VersionEnd || first[0] != HandshakeRecord || first[5] != ClientHelloMessage || first[9] != 3)
        {
            return null;
        }

        return first[10] switch
        {
            0 => "SSL 3.0",
            1 => "TLS 1.0",
            2 => "TLS 1.1",
            _ => null,
        };
    }
}

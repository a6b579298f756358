namespace Archive.Tls;

/// <summary>TLS material that cannot be used or is missing: an unreadable file, a key that does not match, a CA bundle without a certificate, no certificate where TLS is required.</summary>
public sealed class TlsMaterialException(string message, Exception? inner = null) : Exception(message, inner);

using System.Security.Authentication;

namespace Archive.Tls;

/// <summary>
/// Why a TLS handshake failed, in words an operator can act on. The TLS stack wraps the telling message (an unknown CA,
/// a certificate out of its dates, the alert the other side sent) in generic ones ("see inner exception",
/// "SSL_ERROR_SSL"); an alert means the other side ended the handshake, most often because it does not trust our
/// certificate (sweep S-3). Pure.
/// </summary>
public static class TlsFailure
{
    /// <summary>The first <see cref="AuthenticationException"/> in <paramref name="exception"/> or the exceptions it wraps; null when none.</summary>
    public static AuthenticationException? Find(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException tls)
            {
                return tls;
            }
        }

        return null;
    }

    /// <param name="failure">The handshake's exception.</param>
    /// <param name="peer">Who the other side is, as a sentence's subject: "the caller", "node node-3".</param>
    public static string Describe(Exception failure, string peer)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var messages = new List<string>();
        for (var wrapped = failure; wrapped is not null; wrapped = wrapped.InnerException)
        {
            if (!wrapped.Message.Contains("see inner exception", StringComparison.OrdinalIgnoreCase))
            {
                messages.Add(wrapped.Message.Trim());
            }
        }

        var reason = messages.Count == 0 ? failure.Message : string.Join(": ", messages.Distinct());
        if (messages.Count > 0 && messages[^1].Contains("alert", StringComparison.OrdinalIgnoreCase))
        {
            return $"{peer} ended the handshake, most likely because it does not trust this node's certificate ({reason})";
        }

        return reason.Contains("NotTimeValid", StringComparison.Ordinal) ? $"{reason} (a certificate has expired or is not valid yet)" : reason;
    }
}

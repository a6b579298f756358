using System.Security.Authentication;

namespace Archive.Tls.Tests;

public sealed class TlsFailureTests
{
    [Fact]
    public void Describe_AnAlertFromTheOtherSide_SaysItEndedTheHandshake_SkippingTheGenericWrappers()
    {
        var failure = new AuthenticationException("Authentication failed, see inner exception.", new InvalidOperationException("SSL Handshake failed with OpenSSL error - SSL_ERROR_SSL.", new InvalidOperationException("error:0A000418:SSL routines::tlsv1 alert unknown ca")));

        Assert.Equal(
            "the caller ended the handshake, most likely because it does not trust this node's certificate (SSL Handshake failed with OpenSSL error - SSL_ERROR_SSL.: error:0A000418:SSL routines::tlsv1 alert unknown ca)",
            TlsFailure.Describe(failure, "the caller"));
    }

    [Fact]
    public void Describe_ACertificateOutOfItsDates_SaysSo()
    {
        var failure = new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: NotTimeValid");

        Assert.EndsWith("NotTimeValid (a certificate has expired or is not valid yet)", TlsFailure.Describe(failure, "node node-3"), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_TheAuthenticationExceptionInsideTransportWrappers()
    {
        var tls = new AuthenticationException("bad");

        Assert.Same(tls, TlsFailure.Find(new IOException("outer", new InvalidOperationException("middle", tls))));
        Assert.Null(TlsFailure.Find(new IOException("no TLS here")));
    }
}

using Archive.Grid.Grpc.Server;

namespace Archive.Grid.Grpc.Tests;

/// <summary>The audit trail names an operator by host, not by the port each call comes from.</summary>
public sealed class AdminActorTests
{
    [Theory]
    [InlineData("ipv4:127.0.0.1:58994", "127.0.0.1")]
    [InlineData("ipv6:[::1]:51234", "[::1]")]
    [InlineData("ipv6:[fe80::1%25eth0]:443", "[fe80::1%25eth0]")]
    [InlineData("unix:/run/archive.sock", "unix:/run/archive.sock")]
    public void Host_WithoutThePort(string peer, string host) => Assert.Equal(host, AdminActor.Host(peer));
}

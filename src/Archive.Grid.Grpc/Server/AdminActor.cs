using Grpc.Core;

namespace Archive.Grid.Grpc.Server;

/// <summary>
/// Who an admin call came from, as the audit trail names it: the operator tool and its host ("admin 10.1.2.3"), without
/// the client's port, which changes with every call and would make each call a different actor.
/// </summary>
public static class AdminActor
{
    public static string Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return "admin " + Host(context.Peer);
    }

    /// <summary>The host of a gRPC peer ("ipv4:10.1.2.3:51234" → "10.1.2.3", "ipv6:[::1]:51234" → "[::1]"); the peer as given otherwise.</summary>
    public static string Host(string peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!peer.StartsWith("ipv4:", StringComparison.Ordinal) && !peer.StartsWith("ipv6:", StringComparison.Ordinal))
        {
            return peer;
        }

        var address = peer[5..];
        var port = address.LastIndexOf(':');
        return port > 0 && (address[0] != '[' || address[port - 1] == ']') ? address[..port] : address;
    }
}

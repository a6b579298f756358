using Grpc.Core;

namespace Archive.Grid.Grpc.Server;

/// <summary>Who an admin call came from, as the audit trail names it: the operator tool and its address.</summary>
public static class AdminActor
{
    public static string Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return "admin " + context.Peer;
    }
}

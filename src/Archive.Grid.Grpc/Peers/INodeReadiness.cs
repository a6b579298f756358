namespace Archive.Grid.Grpc.Peers;

/// <summary>Whether this node is ready to serve (disks open, codec self-test passed). Implemented by the host; thread-safe.</summary>
public interface INodeReadiness
{
    bool IsReady { get; }

    DateTimeOffset StartedAt { get; }
}

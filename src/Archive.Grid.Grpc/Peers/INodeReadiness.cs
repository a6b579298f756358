namespace Archive.Grid.Grpc.Peers;

/// <summary>Whether this node is ready to serve (disks open, codec self-test passed). Implemented by the host; thread-safe.</summary>
public interface INodeReadiness
{
    bool IsReady { get; }

    DateTimeOffset StartedAt { get; }

    /// <summary>What keeps this node's stores from succeeding that its disks do not show (its fast directory nearly full); null when nothing.</summary>
    string? WriteProblem => null;
}

using System.Collections.Concurrent;

namespace Archive.Grid.Membership;

/// <summary>
/// What this node has heard from its peers: the time of the last successful heartbeat or RPC
/// per node, turned into <see cref="NodeHealth"/> with the injected clock. A node never heard
/// from since start counts as up until <see cref="MembershipOptions.DownAfter"/> has passed since
/// this table was created, so a starting grid does not declare everyone down. The local node is
/// always up: it never hears from itself. Thread-safe.
/// </summary>
public sealed class MembershipTable
{
    private readonly ConcurrentDictionary<string, long> _lastHeard = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastFailure = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastFailureReason = new(StringComparer.Ordinal);
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly long _createdAt;
    private readonly string? _localNodeId;

    public MembershipTable(MembershipOptions options, TimeProvider time, string? localNodeId = null)
    {
        _localNodeId = localNodeId;
        options.Validate();
        _options = options;
        _time = time;
        _createdAt = time.GetTimestamp();
    }

    /// <summary>Records that <paramref name="nodeId"/> answered just now.</summary>
    public void Heard(string nodeId) => _lastHeard[nodeId] = _time.GetTimestamp();

    /// <summary>Raised when a peer that was down answers again (<see cref="NoteBack"/>), with how long it had been silent.</summary>
    public event Action<string, TimeSpan>? Back;

    /// <summary>A peer that was down answered again after <paramref name="silence"/> (the heartbeat round tells): what waited for it may go on now.</summary>
    public void NoteBack(string nodeId, TimeSpan silence) => Back?.Invoke(nodeId, silence);

    /// <summary>Records that a call to <paramref name="nodeId"/> failed to connect just now, and why when <paramref name="reason"/> says.</summary>
    public void Failed(string nodeId, string? reason = null)
    {
        _lastFailure[nodeId] = _time.GetTimestamp();
        if (reason is not null)
        {
            _lastFailureReason[nodeId] = reason;
        }
    }

    /// <summary>
    /// Why the last call to <paramref name="nodeId"/> failed, when it failed after the node last answered and the caller
    /// said (a certificate refused, credentials refused, a refused connection); null otherwise.
    /// </summary>
    public string? LastFailureReason(string nodeId) =>
        _lastFailure.TryGetValue(nodeId, out var failed) && failed > (_lastHeard.TryGetValue(nodeId, out var heard) ? heard : long.MinValue)
            ? _lastFailureReason.GetValueOrDefault(nodeId)
            : null;

    /// <summary>True for this node's own id.</summary>
    public bool IsLocal(string nodeId) => nodeId == _localNodeId;

    /// <summary>The node's health now.</summary>
    public NodeHealth HealthOf(string nodeId)
    {
        if (IsLocal(nodeId))
        {
            return NodeHealth.Up;
        }

        var heard = _lastHeard.TryGetValue(nodeId, out var h) ? h : _createdAt;
        var silence = _time.GetElapsedTime(heard);
        if (silence >= _options.DownAfter)
        {
            return NodeHealth.Down;
        }

        var failedSinceHeard = _lastFailure.TryGetValue(nodeId, out var f) && f > heard;
        return silence >= _options.SuspectAfter || failedSinceHeard ? NodeHealth.Suspect : NodeHealth.Up;
    }

    /// <summary>How long since the node last answered.</summary>
    public TimeSpan SilenceOf(string nodeId) =>
        _time.GetElapsedTime(_lastHeard.TryGetValue(nodeId, out var h) ? h : _createdAt);
}

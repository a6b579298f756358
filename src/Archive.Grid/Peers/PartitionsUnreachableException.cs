namespace Archive.Grid.Peers;

/// <summary>
/// A grid-wide lookup could not hear from any replica of some catalog partitions (more nodes silent than a
/// partition has replicas to spare), so its answer would be incomplete. Raised instead of answering short:
/// "not found" must never be said of what may exist.
/// </summary>
public sealed class PartitionsUnreachableException(string message) : Exception(message);

using Archive.Storage.Indexing;

namespace Archive.Storage.GroupCommit;

/// <summary>Result of an append: where the record is, once durable.</summary>
public readonly record struct AppendOutcome(AppendStatus Status, ShardLocation Location);

namespace Archive.Cli.Commands.Plan;

/// <summary>A planning input that cannot be used (bad profile, storage class or figures); the message says which and why.</summary>
public sealed class PlanInputException(string message) : Exception(message);

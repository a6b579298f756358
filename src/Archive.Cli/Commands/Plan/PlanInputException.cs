namespace Archive.Cli.Commands.Plan;

/// <summary>A planning input that cannot be used (bad profile, storage class or figures); the message says which and why.</summary>
/// <param name="InProfile">The profile file is what is wrong (exit 3, unreadable input); otherwise an argument is (exit 2, usage).</param>
public sealed class PlanInputException(string message, bool inProfile = false) : Exception(message)
{
    public bool InProfile { get; } = inProfile;
}

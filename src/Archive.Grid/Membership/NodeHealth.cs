namespace Archive.Grid.Membership;

/// <summary>How a node looks from here. Persisted nowhere; exported as a metric label.</summary>
public enum NodeHealth
{
    /// <summary>Heard from recently.</summary>
    Up = 1,

    /// <summary>Missed heartbeats: still tried, but hedged against.</summary>
    Suspect = 2,

    /// <summary>Silent for long: writes skip it (its shards go to the repair queue), reads go elsewhere first.</summary>
    Down = 3,
}

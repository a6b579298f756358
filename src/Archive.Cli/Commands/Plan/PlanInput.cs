namespace Archive.Cli.Commands.Plan;

/// <summary>What a capacity and durability plan is computed from. Immutable.</summary>
public sealed record PlanInput
{
    /// <summary>Default repair budget of one node: Repair:BytesPerSecond in archive-node.defaults.json (64 MiB/s).</summary>
    public const double DefaultRepairBytesPerSecond = 64.0 * 1024 * 1024;

    public required NodeProfile Profile { get; init; }

    public required int Nodes { get; init; }

    public required Redundancy Redundancy { get; init; }

    public required double ExamsPerYear { get; init; }

    /// <summary>Average bytes of one exam as received (Part 10 files).</summary>
    public required double AverageExamBytes { get; init; }

    public required double RetentionYears { get; init; }

    /// <summary>Bytes stored per byte received (below 1 when compression pays; 1 = plan without it).</summary>
    public double StoredPerReceived { get; init; } = 1.0;

    /// <summary>Repair budget of one node (bytes read plus written per second), as Repair:BytesPerSecond.</summary>
    public double RepairBytesPerSecondPerNode { get; init; } = DefaultRepairBytesPerSecond;

    /// <summary>Highest share of raw capacity to fill: headroom for repair after a loss and for rebalancing.</summary>
    public double MaxFill { get; init; } = 0.85;

    internal void Validate()
    {
        if (Nodes > 100_000)
        {
            throw new PlanInputException($"{Nodes} nodes: the model plans grids of up to 100,000");
        }

        if (Redundancy.ParityShards > 16)
        {
            throw new PlanInputException($"{Redundancy.Name}: the durability model covers up to 16 parity shards");
        }

        if (Nodes < Redundancy.TotalShards)
        {
            throw new PlanInputException($"{Redundancy.Name} puts its {Redundancy.TotalShards} shards on distinct nodes: it needs at least {Redundancy.TotalShards} nodes, not {Nodes}");
        }

        if (ExamsPerYear <= 0 || AverageExamBytes <= 0 || RetentionYears <= 0 || StoredPerReceived <= 0 || RepairBytesPerSecondPerNode <= 0 || MaxFill is <= 0 or > 1)
        {
            throw new PlanInputException("exams per year, exam size, retention, stored/received ratio and repair rate must be positive, and the maximum fill in (0, 1]");
        }
    }
}

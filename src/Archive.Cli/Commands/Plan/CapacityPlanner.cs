namespace Archive.Cli.Commands.Plan;

/// <summary>
/// Capacity, rebuild time and durability of a grid from a node profile and a storage class. Pure
/// computation; the model and its assumptions are written down in hardware/README.md, which this
/// class follows formula by formula.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>Hours in a Julian year (365.25 days), the year of annual failure rates.</summary>
    public const double HoursPerYear = 8766;

    public static PlanResult Compute(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        var profile = input.Profile;
        var redundancy = input.Redundancy;
        var drives = input.Nodes * profile.DataDrives.Count;

        var raw = input.Nodes * profile.RawBytes;
        var usable = raw * redundancy.Efficiency * input.MaxFill;
        var yearly = input.ExamsPerYear * input.AverageExamBytes * input.StoredPerReceived;
        var retained = yearly * input.RetentionYears;
        var stored = Math.Min(retained, usable);
        var rawFill = stored / redundancy.Efficiency / raw;

        var driveBytes = profile.DataDrives.SizeBytes * rawFill;
        var nodeBytes = profile.RawBytes * rawFill;
        var driveRebuild = driveBytes / RebuildBytesPerSecond(input, participants: input.Nodes);
        var nodeRebuild = nodeBytes / RebuildBytesPerSecond(input, participants: input.Nodes - 1);

        var mttdl = MttdlHours(drives, profile.DataDrives.Count, redundancy.ParityShards, profile.DataDrives.AnnualFailureRate, driveRebuild / 3600);
        var loss = OneMinusExpNeg(HoursPerYear / mttdl);
        return new PlanResult
        {
            Profile = profile.Name,
            Nodes = input.Nodes,
            StorageClass = redundancy.Name,
            Drives = drives,
            RawBytes = raw,
            UsableBytes = usable,
            YearlyIngestBytes = yearly,
            RetainedBytes = retained,
            YearsUntilFull = usable / yearly,
            RetentionFits = retained <= usable,
            RawFillAtHorizon = rawFill,
            FailedDriveBytes = driveBytes,
            DriveRebuildSeconds = driveRebuild,
            FailedNodeBytes = nodeBytes,
            NodeRebuildSeconds = nodeRebuild,
            MttdlHours = mttdl,
            AnnualLossProbability = loss,
            AnnualDurability = 1 - loss,
            // A loss too small for a double (dozens of parity shards) still prints, and serialises, as a number.
            DurabilityNines = -Math.Log10(Math.Max(loss, double.Epsilon)),
        };
    }

    /// <summary>
    /// Bytes of lost shards rebuilt per second by <paramref name="participants"/> nodes. Each rebuilt
    /// byte reads K bytes and writes one (K + 1 bytes of I/O); the slowest of the repair budget,
    /// the NICs and the drives of the participants bounds the rate.
    /// </summary>
    public static double RebuildBytesPerSecond(PlanInput input, int participants)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ioPerRebuiltByte = input.Redundancy.DataShards + 1.0;
        var budget = input.RepairBytesPerSecondPerNode;
        var nic = input.Profile.NicGbps * 1e9 / 8;
        var disks = input.Profile.DataDrives.Count * input.Profile.DataDrives.SustainedMBps * 1e6;
        return participants * Math.Min(budget, Math.Min(nic, disks)) / ioPerRebuiltByte;
    }

    /// <summary>1 - e^-x without the cancellation that loses every digit for the tiny x of durable designs.</summary>
    private static double OneMinusExpNeg(double x) => x < 1e-4 ? x * (1 - (x / 2 * (1 - (x / 3)))) : 1 - Math.Exp(-x);

    /// <summary>
    /// Mean time to data loss in hours, for <paramref name="drives"/> drives of which
    /// <paramref name="drivesPerNode"/> share a node (an object has at most one shard per node),
    /// M parity shards, independent drive failures at <paramref name="annualFailureRate"/> and
    /// a repair of <paramref name="repairHours"/>: MTTDL = M! μ^M / (λ^(M+1) Π_{j=0..M} (D − j·d)).
    /// </summary>
    public static double MttdlHours(int drives, int drivesPerNode, int parityShards, double annualFailureRate, double repairHours)
    {
        var lambda = annualFailureRate / HoursPerYear;
        var mu = 1 / repairHours;
        double mttdl = 1 / lambda;
        for (var j = 0; j <= parityShards; j++)
        {
            mttdl /= drives - (j * drivesPerNode);
        }

        for (var j = 1; j <= parityShards; j++)
        {
            mttdl *= j * mu / lambda;
        }

        return mttdl;
    }
}

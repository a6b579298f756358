using Archive.Cli.Commands.Plan;

namespace Archive.Cli.Tests.Plan;

public sealed class CapacityPlannerTests
{
    // A round-numbered node: 10 drives of 10 TB, AFR 2 %, 250 MB/s each, 10 Gbit/s.
    private static readonly NodeProfile Node = new()
    {
        FormatVersion = 1,
        Name = "test-10x10",
        Description = "hand-computed cases",
        RackUnits = 2,
        Cores = 8,
        RamGiB = 64,
        NicGbps = 10,
        DataDrives = new DriveSpec { Count = 10, SizeTB = 10, AnnualFailureRate = 0.02, SustainedMBps = 250, Kind = "HDD" },
        Ssd = new SsdSpec { Count = 1, SizeTB = 1, Use = "index" },
    };

    [Fact]
    public void Compute_SixNodesEc42_MatchesHandComputation()
    {
        // raw     = 6 nodes x 10 drives x 10e12 B                     = 6e14 B
        // usable  = 6e14 x 4/6 x 0.8 (max fill)                       = 3.2e14 B
        // ingest  = 100,000 exams x 100e6 B                           = 1e13 B/year; x 20 years = 2e14 B (fits)
        // years until full = 3.2e14 / 1e13                            = 32
        // raw fill = 2e14 x 6/4 / 6e14                                = 0.5
        // drive   = 10e12 x 0.5 = 5e12 B; node = 1e14 x 0.5           = 5e13 B
        // per node min(budget 50e6, NIC 1.25e9, disks 2.5e9) = 50e6 B/s; each rebuilt byte costs k+1 = 5
        // drive rebuild: 6 nodes x 50e6 / 5 = 60e6 B/s → 5e12 / 60e6 = 83,333.3 s (23.148 h)
        // node rebuild:  5 nodes x 50e6 / 5 = 50e6 B/s → 5e13 / 50e6 = 1e6 s
        // λ = 0.02 / 8766 = 2.28154e-6 /h, μ = 1 / 23.148 h = 0.0432 /h, D = 60, d = 10, M = 2
        // MTTDL = 2! μ² / (λ³ x 60 x 50 x 40) = 0.00373248 / (1.18766e-17 x 120,000) = 2.61897e9 h
        // annual loss = 1 - exp(-8766 / 2.61897e9) = 3.34711e-6 → 5.475 nines
        var result = CapacityPlanner.Compute(new PlanInput
        {
            Profile = Node,
            Nodes = 6,
            Redundancy = Redundancy.Parse("ec-4-2"),
            ExamsPerYear = 100_000,
            AverageExamBytes = 100e6,
            RetentionYears = 20,
            RepairBytesPerSecondPerNode = 50e6,
            MaxFill = 0.8,
        });

        Assert.Equal(60, result.Drives);
        AssertClose(6e14, result.RawBytes);
        AssertClose(3.2e14, result.UsableBytes);
        AssertClose(1e13, result.YearlyIngestBytes);
        AssertClose(2e14, result.RetainedBytes);
        Assert.True(result.RetentionFits);
        AssertClose(32, result.YearsUntilFull);
        AssertClose(0.5, result.RawFillAtHorizon);
        AssertClose(5e12, result.FailedDriveBytes);
        AssertClose(83_333.333, result.DriveRebuildSeconds);
        AssertClose(1e6, result.NodeRebuildSeconds);
        AssertClose(2.61897e9, result.MttdlHours);
        AssertClose(3.34711e-6, result.AnnualLossProbability);
        AssertClose(5.4753, result.DurabilityNines);
    }

    [Fact]
    public void Compute_ThreeNodesRep3SlowNic_IsNicBoundAndDoesNotFit()
    {
        // NIC 0.1 Gbit/s = 12.5e6 B/s < budget 64 MiB/s: the NIC bounds the rebuild.
        // raw = 3 x 1e14 = 3e14; usable = 3e14 x 1/3 x 0.85 = 8.5e13; ingest 1,000 x 1e9 = 1e12/year
        // retained over 100 years = 1e14 > 8.5e13 (does not fit); years until full = 85
        // stored = 8.5e13 → raw fill = 8.5e13 x 3 / 3e14 = 0.85; drive = 8.5e12 B; node = 8.5e13 B
        // rep-3: k = 1, each rebuilt byte costs 2; drive: 3 x 12.5e6 / 2 = 18.75e6 B/s → 453,333.3 s (125.926 h)
        // node: 2 x 12.5e6 / 2 = 12.5e6 B/s → 6.8e6 s
        // MTTDL = 2 μ² / (λ³ x 30 x 20 x 10), μ = 1/125.926 h → 1.76996e9 h; annual loss 4.95265e-6
        var slowNic = Node with { NicGbps = 0.1 };
        var result = CapacityPlanner.Compute(new PlanInput
        {
            Profile = slowNic,
            Nodes = 3,
            Redundancy = Redundancy.Parse("rep-3"),
            ExamsPerYear = 1_000,
            AverageExamBytes = 1e9,
            RetentionYears = 100,
        });

        AssertClose(8.5e13, result.UsableBytes);
        Assert.False(result.RetentionFits);
        AssertClose(85, result.YearsUntilFull);
        AssertClose(0.85, result.RawFillAtHorizon);
        AssertClose(453_333.333, result.DriveRebuildSeconds);
        AssertClose(6.8e6, result.NodeRebuildSeconds);
        AssertClose(1.76996e9, result.MttdlHours);
        AssertClose(4.95265e-6, result.AnnualLossProbability);
    }

    [Fact]
    public void Compute_MoreParity_IsMoreDurable()
    {
        PlanResult Plan(string storageClass) => CapacityPlanner.Compute(new PlanInput
        {
            Profile = Node,
            Nodes = 14,
            Redundancy = Redundancy.Parse(storageClass),
            ExamsPerYear = 100_000,
            AverageExamBytes = 100e6,
            RetentionYears = 20,
        });

        Assert.True(Plan("ec-10-4").DurabilityNines > Plan("ec-10-2").DurabilityNines + 3);
    }

    [Fact]
    public void Compute_FewerNodesThanShards_IsRefusedWithTheReason()
    {
        var error = Assert.Throws<PlanInputException>(() => CapacityPlanner.Compute(new PlanInput
        {
            Profile = Node,
            Nodes = 5,
            Redundancy = Redundancy.Parse("ec-4-2"),
            ExamsPerYear = 1,
            AverageExamBytes = 1,
            RetentionYears = 1,
        }));

        Assert.Contains("at least 6 nodes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ec-10-4", 10, 4)]
    [InlineData("rep-3", 1, 2)]
    public void Redundancy_Parse_ReadsKAndM(string name, int k, int m)
    {
        var redundancy = Redundancy.Parse(name);
        Assert.Equal((k, m), (redundancy.DataShards, redundancy.ParityShards));
    }

    [Theory]
    [InlineData("ec-4")]
    [InlineData("rep-1")]
    [InlineData("raid6")]
    public void Redundancy_Parse_OtherNames_Refused(string name) => Assert.Throws<PlanInputException>(() => Redundancy.Parse(name));

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Abs(expected) * 1e-4, $"expected {expected:R}, got {actual:R}");
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Cli.Commands.Plan;

/// <summary>
/// A reference server for planning (hardware/profiles/*.json): its data drives and what bounds a
/// rebuild (drive and NIC throughput). Sizes are decimal (1 TB = 10^12 bytes) as drive vendors state
/// them. Immutable.
/// </summary>
public sealed record NodeProfile
{
    /// <summary>The only profile format this build reads.</summary>
    public const int CurrentFormatVersion = 1;

    public required int FormatVersion { get; init; }

    public required string Name { get; init; }

    /// <summary>What the server is for (shown only).</summary>
    public string Description { get; init; } = string.Empty;

    public int RackUnits { get; init; }

    public int Cores { get; init; }

    public int RamGiB { get; init; }

    /// <summary>Usable network bandwidth towards the other nodes, in gigabits per second.</summary>
    public required double NicGbps { get; init; }

    public required DriveSpec DataDrives { get; init; }

    /// <summary>Fast disk for the RocksDB indexes and the replica cache (described, not planned).</summary>
    public SsdSpec? Ssd { get; init; }

    /// <summary>Raw bytes of one node's data drives.</summary>
    [JsonIgnore]
    public double RawBytes => DataDrives.Count * DataDrives.SizeBytes;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>Parses and validates a profile; throws <see cref="PlanInputException"/> with the reason.</summary>
    public static NodeProfile Parse(string json)
    {
        NodeProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<NodeProfile>(json, Options);
        }
        catch (JsonException e)
        {
            throw new PlanInputException("node profile cannot be read (hardware/README.md lists its fields): " + e.Message, inProfile: true);
        }

        if (profile is null)
        {
            throw new PlanInputException("node profile is empty", inProfile: true);
        }

        profile.Validate();
        return profile;
    }

    private void Validate()
    {
        if (FormatVersion != CurrentFormatVersion)
        {
            throw new PlanInputException($"node profile '{Name}': formatVersion {FormatVersion} is not {CurrentFormatVersion}", inProfile: true);
        }

        if (DataDrives.Count < 1 || DataDrives.SizeTB <= 0 || DataDrives.SustainedMBps <= 0 || DataDrives.AnnualFailureRate is <= 0 or >= 1 || NicGbps <= 0)
        {
            throw new PlanInputException($"node profile '{Name}': needs at least one data drive, positive size, MB/s and NIC speed, and an annual failure rate in (0, 1)", inProfile: true);
        }
    }
}

/// <summary>The data drives of a node: all alike.</summary>
public sealed record DriveSpec
{
    public required int Count { get; init; }

    public required double SizeTB { get; init; }

    /// <summary>Annualised failure rate, a fraction (0.015 = 1.5 % of drives fail per year).</summary>
    public required double AnnualFailureRate { get; init; }

    /// <summary>Sustained sequential throughput of one drive, in MB/s (10^6 bytes).</summary>
    public required double SustainedMBps { get; init; }

    public string Kind { get; init; } = string.Empty;

    [JsonIgnore]
    public double SizeBytes => SizeTB * 1e12;
}

/// <summary>The fast disks of a node (index and replica cache).</summary>
public sealed record SsdSpec
{
    public required int Count { get; init; }

    public required double SizeTB { get; init; }

    public string Use { get; init; } = string.Empty;
}

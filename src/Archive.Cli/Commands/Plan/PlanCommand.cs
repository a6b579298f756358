using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Archive.Cli.Commands.Plan;

/// <summary>
/// <c>archivectl plan</c>: capacity, years until full, rebuild times and annual durability of a grid
/// of identical nodes. Offline; the figures come from <see cref="CapacityPlanner"/>.
/// </summary>
public static class PlanCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build()
    {
        var profile = new Option<string>("--profile") { Description = "A reference profile (edge-1u, standard-2u-12, dense-4u) or a profile JSON file (see hardware/profiles/).", Required = true };
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes (each one failure domain).", Required = true };
        var storageClass = new Option<string>("--class") { Description = "Storage class: ec-K-M or rep-N.", DefaultValueFactory = _ => "ec-10-4" };
        var exams = new Option<double>("--exams-per-year") { Description = "Exams received per year.", Required = true };
        var examSize = new Option<double>("--exam-size-mb") { Description = "Average exam size as received, in MB (10^6 bytes).", DefaultValueFactory = _ => 200 };
        var retention = new Option<double>("--retention-years") { Description = "Years every exam is kept.", DefaultValueFactory = _ => 20 };
        var ratio = new Option<double>("--stored-per-received") { Description = "Bytes stored per byte received (e.g. 0.7 when compression saves 30 %).", DefaultValueFactory = _ => 1.0 };
        var repairRate = new Option<double>("--repair-bytes-per-second") { Description = "Repair budget of one node (Repair:BytesPerSecond).", DefaultValueFactory = _ => PlanInput.DefaultRepairBytesPerSecond };
        var maxFill = new Option<double>("--max-fill") { Description = "Highest share of raw capacity to fill (headroom for repair).", DefaultValueFactory = _ => 0.85 };
        var json = new Option<bool>("--json") { Description = "Print JSON (base units: bytes, seconds, fractions) instead of a table." };
        var command = new Command("plan", "Capacity, years until full, rebuild time of a failed drive and node, and annual durability (MTTDL model: hardware/README.md).\nExample: archivectl plan --profile standard-2u-12 --nodes 14 --class ec-10-4 --exams-per-year 500000 --exam-size-mb 200 --retention-years 20")
        {
            profile, nodes, storageClass, exams, examSize, retention, ratio, repairRate, maxFill, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            PlanResult result;
            try
            {
                result = CapacityPlanner.Compute(new PlanInput
                {
                    Profile = NodeProfiles.Load(parseResult.GetValue(profile)!),
                    Nodes = parseResult.GetValue(nodes),
                    Redundancy = Redundancy.Parse(parseResult.GetValue(storageClass)!),
                    ExamsPerYear = parseResult.GetValue(exams),
                    AverageExamBytes = parseResult.GetValue(examSize) * 1e6,
                    RetentionYears = parseResult.GetValue(retention),
                    StoredPerReceived = parseResult.GetValue(ratio),
                    RepairBytesPerSecondPerNode = parseResult.GetValue(repairRate),
                    MaxFill = parseResult.GetValue(maxFill),
                });
            }
            catch (PlanInputException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("plan: " + e.Message);
                return e.InProfile ? ExitCodes.BadInput : ExitCodes.Usage;
            }

            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            }
            else
            {
                Render(result, output);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(PlanResult r, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.Title = new TableTitle($"{r.Nodes} x {r.Profile}, {r.StorageClass} ({r.Drives} drives)");
        table.AddRow("raw capacity", Tb(r.RawBytes));
        table.AddRow("usable capacity", Tb(r.UsableBytes));
        table.AddRow("ingest per year", Tb(r.YearlyIngestBytes));
        table.AddRow("retained at steady state", Tb(r.RetainedBytes) + (r.RetentionFits ? " (fits)" : " (does NOT fit)"));
        table.AddRow("years until full", r.YearsUntilFull.ToString("0.0", CultureInfo.InvariantCulture));
        table.AddRow("raw fill at horizon", r.RawFillAtHorizon.ToString("P1", CultureInfo.InvariantCulture));
        table.AddRow("failed drive rebuild", $"{Hours(r.DriveRebuildSeconds)} ({Tb(r.FailedDriveBytes)})");
        table.AddRow("failed node rebuild", $"{Hours(r.NodeRebuildSeconds)} ({Tb(r.FailedNodeBytes)})");
        table.AddRow("MTTDL (drive failures)", (r.MttdlHours / CapacityPlanner.HoursPerYear).ToString("0.###e+0", CultureInfo.InvariantCulture) + " years");
        table.AddRow("annual loss probability", r.AnnualLossProbability.ToString("0.###e+0", CultureInfo.InvariantCulture));
        table.AddRow("annual durability", r.DurabilityNines.ToString("0.0", CultureInfo.InvariantCulture) + " nines");
        console.Write(table);
    }

    private static string Tb(double bytes) => (bytes / 1e12).ToString("#,0.0", CultureInfo.InvariantCulture) + " TB";

    private static string Hours(double seconds) => (seconds / 3600).ToString("0.0", CultureInfo.InvariantCulture) + " h";
}

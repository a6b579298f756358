using System.Diagnostics;
using System.Globalization;
using Archive.Fuzz;
using SharpFuzz;

// Archive.Fuzz                       AFL++ target (stdin/shared memory), run under afl-fuzz by tools/fuzz/run-afl
// Archive.Fuzz --write-seeds DIR     writes the seed corpus
// Archive.Fuzz --short [--seconds N] in-process pass: every seed, then random mutations until N seconds (CI)
// Archive.Fuzz pdu [...]             the DICOM upper-layer (PDU) target, same options (see PduTarget.cs)
if (args.Length >= 1 && args[0] == "pdu")
{
    return PduTarget.Run(args[1..]);
}

if (args.Length >= 2 && args[0] == "--write-seeds")
{
    Directory.CreateDirectory(args[1]);
    foreach (var (name, bytes) in Seeds.All())
    {
        File.WriteAllBytes(Path.Combine(args[1], name + ".dcm"), bytes);
    }

    return 0;
}

if (args.Length >= 1 && args[0] == "--short")
{
    var seconds = args.Length >= 3 && args[1] == "--seconds" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
    return ShortPass.Run(TimeSpan.FromSeconds(seconds));
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    Target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;

/// <summary>AFL-less CI pass: seeds plus deterministic mutations, each input bounded in time; any other exception fails.</summary>
internal static class ShortPass
{
    public static int Run(TimeSpan budget)
    {
        var seeds = Seeds.All();
        var random = new Random(20240131);
        var total = Stopwatch.StartNew();
        long executions = 0;
        foreach (var (_, bytes) in seeds)
        {
            if (!Execute(bytes, ref executions))
            {
                return 1;
            }
        }

        while (total.Elapsed < budget)
        {
            var seed = seeds[random.Next(seeds.Count)].Bytes;
            if (!Execute(Mutator.Mutate(seed, random), ref executions))
            {
                return 1;
            }
        }

        Console.WriteLine($"fuzz-dicom: {executions} inputs in {total.Elapsed.TotalSeconds:F0} s, no unexpected exception");
        return executions >= 2000 ? 0 : Fail($"only {executions} inputs ran; expected at least 2000");
    }

    private static bool Execute(byte[] input, ref long executions)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            Target.Run(input);
        }
        catch (Exception e)
        {
            var path = Path.Combine(Path.GetTempPath(), $"fuzz-dicom-crash-{executions}.dcm");
            File.WriteAllBytes(path, input);
            Console.Error.WriteLine($"fuzz-dicom: unexpected {e.GetType().Name} on input {path}: {e}");
            return false;
        }

        executions++;
        if (watch.Elapsed > TimeSpan.FromSeconds(2))
        {
            var path = Path.Combine(Path.GetTempPath(), $"fuzz-dicom-slow-{executions}.dcm");
            File.WriteAllBytes(path, input);
            Console.Error.WriteLine($"fuzz-dicom: input took {watch.Elapsed.TotalSeconds:F1} s: {path}");
            return false;
        }

        return true;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("fuzz-dicom: " + message);
        return 1;
    }
}

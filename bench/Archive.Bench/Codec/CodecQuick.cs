using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text.Json;
using System.Runtime.Intrinsics.X86;
using System.Text.RegularExpressions;
using Archive.Codec.Compression;
using Archive.Codec.Kernels;

namespace Archive.Bench.Codec;

/// <summary>
/// `bench/run codec --quick`: headline figures in well under a minute, ours and the baseline's, one JSON
/// object per line. Simple timed loops (best of three ~80 ms windows after warm-up, the paths of one shape
/// taking turns), not BenchmarkDotNet: numbers are indicative; the BenchmarkDotNet classes are the reference.
/// </summary>
public static partial class CodecQuick
{
    private static readonly (int K, int M, int Shard)[] Shapes =
        [(10, 4, 1 << 20), (6, 3, 1 << 20), (17, 3, 1 << 20), (4, 2, 1 << 20), (10, 4, 1 << 16), (4, 2, 1 << 16)];

    /// <param name="args">
    /// Optional `--only TEXT`: run only the RS lines whose "bench shape shard" contains TEXT (e.g. "encode 10x4 1048576"),
    /// for kernel work; `--rounds N`: N windows per path instead of three (best of more windows on a loaded machine);
    /// `--clock cpu`: RS and roofline figures per second of this thread's CPU time instead of wall time, so time the
    /// scheduler gave to other jobs on a shared machine is not counted (the machine line says which clock).
    /// </param>
    public static int Run(string[] args)
    {
        string? only = Option(args, "--only");
        var timing = new Timing(
            Option(args, "--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3,
            Option(args, "--clock") == "cpu" && ThreadClock.IsAvailable);
        Emit(new { bench = "machine", cpu = CpuModel(), cores = Environment.ProcessorCount, best_kernel = GfKernels.Best.Kind.ToString(), isal = IsaL.IsAvailable, load_average = LoadAverage(), clock = timing.CpuClock ? "thread_cpu" : "wall" });
        foreach ((int k, int m, int shard) in Shapes)
        {
            foreach (bool reconstruct in new[] { false, true })
            {
                if (only is not null && !$"{(reconstruct ? "reconstruct" : "encode")} {k}x{m} {shard}".Contains(only, StringComparison.Ordinal))
                {
                    continue;
                }

                // Ours and the baselines take turns window by window, so a burst of load on the shared
                // machine hits them alike and their ratio stays meaningful.
                CodecPath[] paths = Paths(k == 10 && shard == 1 << 20).ToArray();
                ErasureWorkload[] workloads = paths.Select(path => new ErasureWorkload(k, m, shard, path, reconstruct)).ToArray();
                try
                {
                    double[] best = MeasureInterleaved(workloads.Select(w => (Action)w.Run).ToArray(), (long)k * shard, timing);
                    for (int i = 0; i < paths.Length; i++)
                    {
                        Emit(new { bench = reconstruct ? "rs_reconstruct" : "rs_encode", shape = $"{k}x{m}", shard, lost = reconstruct ? Math.Min(4, m) : 0, path = paths[i].ToString(), baseline = paths[i] >= CodecPath.IsaLAvx2, gbps = Math.Round(best[i] / 1e9, 2) });
                    }
                }
                finally
                {
                    foreach (ErasureWorkload workload in workloads)
                    {
                        workload.Dispose();
                    }
                }
            }
        }

        if (Avx512F.IsSupported && GfKernels.Known[(int)CodecPath.GfniV512].IsSupported)
        {
            foreach ((int k, int m, int shard) in new[] { (10, 4, 1 << 20), (10, 4, 1 << 16), (4, 2, 1 << 16) })
            {
                if (only is null || only.Contains($"{k}x{m}", StringComparison.Ordinal))
                {
                    Roof(k, m, shard, timing);
                }
            }
        }

        if (only is not null)
        {
            return 0;
        }

        var block = new byte[1 << 20];
        new Random(1).NextBytes(block);
        Emit(new { bench = "xxhash3_64", bytes = block.Length, gbps = Math.Round(Measure(() => XxHash3.HashToUInt64(block), block.Length) / 1e9, 2) });
        Emit(new { bench = "xxhash128", bytes = block.Length, gbps = Math.Round(Measure(() => XxHash128.HashToUInt128(block), block.Length) / 1e9, 2) });

        byte[][] slices = Enumerable.Range(0, 8).Select(i => SyntheticStudy.Slice(512, 512, i)).ToArray();
        byte[] series = slices.SelectMany(s => s).ToArray();
        Zstd(series);
        Ratios(slices);
        return 0;
    }

    private static IEnumerable<CodecPath> Paths(bool all)
    {
        var ours = all
            ? new[] { CodecPath.Ssse3, CodecPath.Avx2, CodecPath.GfniV256, CodecPath.GfniV512 }
            : new[] { CodecPath.Avx2, CodecPath.GfniV512 };
        foreach (CodecPath path in ours.Where(p => GfKernels.Known[(int)p].IsSupported))
        {
            yield return path;
        }

        if (IsaL.IsAvailable)
        {
            yield return CodecPath.IsaLAvx2;
            yield return CodecPath.IsaLAvx512;
        }
    }

    /// <summary>
    /// The ceiling for one shape in this run: read bandwidth of the k data shards (plain, and with the
    /// kernels' software prefetch), and the encode's full traffic (read k, write m) with cached and
    /// non-temporal stores, no Galois arithmetic. gfni_of_read is the GFNI-512 encode of this shape,
    /// measured in turn with them, as a fraction of the better read figure.
    /// </summary>
    private static void Roof(int k, int m, int shard, Timing timing)
    {
        using var encode = new ErasureWorkload(k, m, shard, CodecPath.GfniV512, reconstruct: false);
        using var roof = new Roofline(k, m, shard);
        Action[] runs = [encode.Run, () => roof.ReadOnly(0), () => roof.ReadOnly(1024), () => roof.ReadWrite(nonTemporal: false), () => roof.ReadWrite(nonTemporal: true)];
        double[] gbps = MeasureInterleaved(runs, roof.DataBytes, timing).Select(b => b / 1e9).ToArray();
        double read = Math.Max(gbps[1], gbps[2]);
        Emit(new { bench = "rs_roofline", shape = $"{k}x{m}", shard, read_gbps = Math.Round(gbps[1], 2), read_prefetch_gbps = Math.Round(gbps[2], 2), read_write_gbps = Math.Round(gbps[3], 2), read_write_nt_gbps = Math.Round(gbps[4], 2), gfni512_encode_gbps = Math.Round(gbps[0], 2), gfni_of_read = Math.Round(gbps[0] / read, 2), load_average = LoadAverage() });
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static void Zstd(byte[] series)
    {
        using var zstd = new ZstdSharp.Compressor(1);
        var output = new byte[ZstdSharp.Compressor.GetCompressBound(series.Length)];
        int compressed = 0;
        double ours = Measure(() => compressed = zstd.Wrap(series, output), series.Length) / 1e6;
        double? native = NativeZstd(series);
        Emit(new { bench = "zstd1_compress", bytes = series.Length, ours_mbps = Math.Round(ours), native_mbps = native is { } n ? Math.Round(n) : (double?)null, ours_vs_native = native is { } b ? Math.Round(ours / b, 2) : (double?)null, ratio = Math.Round((double)series.Length / compressed, 3) });
    }

    private static void Ratios(byte[][] slices)
    {
        using var compressor = new ObjectCompressor(1);
        using var zstd = new ZstdSharp.Compressor(1);
        long original = 0, plain = 0, planes = 0, zlib = 0;
        var transforms = new Dictionary<string, int>();
        foreach (byte[] slice in slices)
        {
            var output = new byte[ObjectCompressor.MaxContainerLength(slice.Length)];
            original += slice.Length;
            plain += zstd.Wrap(slice, output);
            CompressedContainer c = compressor.Compress(slice, output, new PixelRegion(SyntheticStudy.HeaderLength, slice.Length - SyntheticStudy.HeaderLength, 512));
            planes += c.ContainerLength;
            transforms[c.Transform.ToString()] = transforms.GetValueOrDefault(c.Transform.ToString()) + 1;
            using var stream = new MemoryStream();
            using (var z = new ZLibStream(stream, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(slice);
            }

            zlib += stream.Length;
        }

        Emit(new { bench = "ct_compression_ratio", objects = slices.Length, bytes = original, zstd1 = Math.Round((double)original / plain, 3), byteplane_zstd1 = Math.Round((double)original / planes, 3), zlib_default = Math.Round((double)original / zlib, 3), chosen = transforms });
    }

    private static double? NativeZstd(byte[] series)
    {
        string file = Path.Combine(Path.GetTempPath(), $"archive-codec-bench-{Environment.ProcessId}.bin");
        try
        {
            File.WriteAllBytes(file, series);
            var start = new ProcessStartInfo("zstd", ["-b1", "-i2", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process? process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Match match = ZstdSpeed().Matches(text).LastOrDefault() ?? Match.Empty;
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // zstd CLI not installed
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Best throughput in bytes/s over three windows after a warm-up.</summary>
    private static double Measure(Action action, long bytesPerCall)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 40)
        {
            action();
        }

        double best = 0;
        for (int window = 0; window < 3; window++)
        {
            long calls = 0;
            watch.Restart();
            while (watch.ElapsedMilliseconds < 80)
            {
                action();
                calls++;
            }

            best = Math.Max(best, calls * bytesPerCall / watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Best throughput in bytes/s of each action: warm-up, then rounds of one window per action in turn.</summary>
    private static double[] MeasureInterleaved(Action[] actions, long bytesPerCall, Timing timing)
    {
        var watch = new Stopwatch();
        foreach (Action action in actions)
        {
            watch.Restart();
            while (watch.ElapsedMilliseconds < 40)
            {
                action();
            }
        }

        var best = new double[actions.Length];
        for (int round = 0; round < timing.Rounds; round++)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                long calls = 0;
                double cpuStart = timing.CpuClock ? ThreadClock.Seconds() : 0;
                watch.Restart();
                while (watch.ElapsedMilliseconds < 80)
                {
                    actions[i]();
                    calls++;
                }

                double seconds = timing.CpuClock ? ThreadClock.Seconds() - cpuStart : watch.Elapsed.TotalSeconds;
                best[i] = Math.Max(best[i], calls * bytesPerCall / seconds);
            }
        }

        return best;
    }

    /// <summary>Windows per path, and whether a window counts this thread's CPU time or wall time.</summary>
    private readonly record struct Timing(int Rounds, bool CpuClock);

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string CpuModel()
    {
        string? line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? "unknown";
    }

    private static void Emit(object value) => Console.WriteLine(JsonSerializer.Serialize(value));

    [GeneratedRegex(@"->\s*\d+\s*\([^)]*\),\s*([\d.]+)\s*MB/s")]
    private static partial Regex ZstdSpeed();
}

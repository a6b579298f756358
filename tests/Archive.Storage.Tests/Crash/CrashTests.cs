using System.Globalization;
using Archive.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Archive.Storage.Tests.Crash;

/// <summary>
/// Kill -9 during writes (STYLE.md §15). CI runs a few iterations; the nightly campaign
/// (tools/slow/crash-storage) sets ARCHIVE_CRASH_ITERATIONS and ARCHIVE_CRASH_SEED.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillNine_DuringPuts_EveryAckedShardReadsBackAndNothingIsHalfVisible()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("ARCHIVE_CRASH_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : 3;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("ARCHIVE_CRASH_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out int s) ? s : 20261128;
        output.WriteLine($"seed {seed}, {iterations} iterations");
        using var temp = new TempDirectory();
        await CrashRunner.RunAsync(temp.Path, iterations, seed, output.WriteLine);
    }
}

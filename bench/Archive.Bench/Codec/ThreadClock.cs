using System.Runtime.InteropServices;

namespace Archive.Bench.Codec;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID): on a machine shared with other jobs, the time
/// this thread actually ran, so a window in which the scheduler ran someone else does not count against the code
/// measured. Cache pollution by the other jobs still does.
/// </summary>
internal static unsafe partial class ThreadClock
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>Seconds of CPU this thread has used.</summary>
    public static double Seconds()
    {
        TimeSpec time;
        if (ClockGetTime(ClockThreadCpuTime, &time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return time.Seconds + (time.Nanoseconds / 1e9);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, TimeSpec* time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

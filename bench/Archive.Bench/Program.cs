using Archive.Bench.Codec;
using BenchmarkDotNet.Running;

// `codec-quick`: a fast timed loop printing headline figures as JSON lines (bench/run codec --quick).
// Anything else goes to BenchmarkDotNet's switcher over every benchmark class in this assembly, so
// each area adds its classes under its own folder and nothing here changes.
if (args.Length > 0 && args[0] == "codec-quick")
{
    return CodecQuick.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CodecQuick).Assembly).Run(args);
return 0;

namespace Archive.Codec.Kernels;

/// <summary>
/// Compile-time row count for kernel inner loops: kernels are generic over a struct implementing
/// this, so the JIT specialises each instantiation and drops unused accumulators.
/// </summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal readonly struct Rows1 : IRowCount { public static int Value => 1; }

internal readonly struct Rows2 : IRowCount { public static int Value => 2; }

internal readonly struct Rows3 : IRowCount { public static int Value => 3; }

internal readonly struct Rows4 : IRowCount { public static int Value => 4; }

internal readonly struct Rows5 : IRowCount { public static int Value => 5; }

internal readonly struct Rows6 : IRowCount { public static int Value => 6; }

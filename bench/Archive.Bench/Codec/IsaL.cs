using System.Runtime.InteropServices;

namespace Archive.Bench.Codec;

/// <summary>P/Invoke to Debian's libisal2 (libisal.so.2), the native baseline. No GFNI in 2.30.</summary>
internal static unsafe partial class IsaL
{
    private const string Library = "libisal.so.2";

    public static bool IsAvailable { get; } = NativeLibrary.TryLoad(Library, out _);

    [LibraryImport(Library, EntryPoint = "gf_gen_cauchy1_matrix")]
    public static partial void GenCauchy1Matrix(byte* a, int m, int k);

    [LibraryImport(Library, EntryPoint = "ec_init_tables")]
    public static partial void InitTables(int k, int rows, byte* a, byte* gfTables);

    [LibraryImport(Library, EntryPoint = "ec_encode_data")]
    public static partial void EncodeData(int len, int k, int rows, byte* gfTables, byte** data, byte** coding);

    [LibraryImport(Library, EntryPoint = "ec_encode_data_avx2")]
    public static partial void EncodeDataAvx2(int len, int k, int rows, byte* gfTables, byte** data, byte** coding);

    [LibraryImport(Library, EntryPoint = "ec_encode_data_avx512")]
    public static partial void EncodeDataAvx512(int len, int k, int rows, byte* gfTables, byte** data, byte** coding);
}

using System.CommandLine;
using System.Diagnostics;
using Archive.Testing.Dcmtk;

namespace Archive.Cli.Tests.Network;

/// <summary>Runs archivectl in-process and dcmtk tools (with TCP_NODELAY=1) for the network command tests.</summary>
internal static class NetworkCommandFixture
{
    public static async Task<(int Code, string Output, string Error)> Run(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Program.InvokeAsync(args, new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = TextWriter.Synchronized(error) }, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static Task<(int Code, string Output, string Error)> Run(params string[] args) => Run(CancellationToken.None, args);

    public static async Task<(int ExitCode, string Output)> Tool(string tool, params string[] args)
    {
        var result = await DcmtkTool.RunAsync(tool, args, TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.Output);
    }

    public static Process Start(string tool, params string[] args) => DcmtkTool.Start(tool, args);

    public static int FreePort() => DcmtkTool.FreePort();

    public static Task WaitForPort(int port) => DcmtkTool.WaitForPortAsync(port, TimeSpan.FromSeconds(5));

    /// <summary>A small Part 10 file made by dump2dcm; returns its path and dataset bytes.</summary>
    public static async Task<(string Path, byte[] Dataset)> MakeFile(string directory, string sopInstance)
    {
        string dump = Path.Combine(directory, sopInstance + ".txt");
        string path = Path.Combine(directory, sopInstance + ".dcm");
        await File.WriteAllTextAsync(dump, $"""
            (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
            (0008,0018) UI [{sopInstance}]
            (0010,0020) LO [PID-CLI]
            (0020,000d) UI [1.2.3.99]

            """);
        var (code, output) = await Tool("dump2dcm", "+te", dump, path);
        Assert.True(code == 0, output);
        var bytes = await File.ReadAllBytesAsync(path);
        return (path, bytes[DatasetOffset(bytes)..]);
    }

    public static int DatasetOffset(byte[] part10)
    {
        int pos = 132;
        while (BitConverter.ToUInt16(part10, pos) == 0x0002)
        {
            string vr = System.Text.Encoding.ASCII.GetString(part10, pos + 4, 2);
            pos += vr is "OB" or "OW" or "UN" or "SQ" or "UT" ? 12 + (int)BitConverter.ToUInt32(part10, pos + 8) : 8 + BitConverter.ToUInt16(part10, pos + 6);
        }

        return pos;
    }
}

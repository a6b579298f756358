using Archive.Testing.Dcmtk;
using Archive.Dicom.Network.Tests.Infrastructure;

namespace Archive.Dicom.Network.Tests.Interop;

public sealed class EchoscuTests
{
    [Fact]
    public async Task Echoscu_AgainstListener_Succeeds()
    {
        await using var scp = new TestScp();
        var result = await DcmtkTool.RunAsync("echoscu", ["-d", "-aet", "ECHOSCU", "-aec", "ARCHIVE", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output);
    }
}

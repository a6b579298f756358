using static Archive.Cli.Tests.Network.NetworkCommandFixture;

namespace Archive.Cli.Tests.Network;

public sealed class NetworkCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archivectl-net-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Echo_NobodyListening_ExitsUnreachable()
    {
        var (code, _, error) = await Run("dicom", "echo", "127.0.0.1", FreePort().ToString(), "--timeout", "2");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("cannot reach", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_OverTlsToStorescp_TrustingItsCa_Ok_AndWithoutIt_UnreachableSayingWhy()
    {
        var pki = Archive.Testing.Tls.TestPki.Create(Path.Combine(_directory, "pki"));
        var (scpCert, ours) = (pki.Issue("storescp"), pki.Issue("archivectl"));
        int port = FreePort();
        using var storescp = Archive.Testing.Dcmtk.DcmtkTool.Start("storescp", ["+tls", scpCert.KeyFile, scpCert.CertificateFile, "+cf", pki.CaFile, "-aet", "TLSSCP", port.ToString()]);
        try
        {
            await WaitForPort(port);
            string[] tls = ["--tls-cert", ours.CertificateFile, "--tls-key", ours.KeyFile];
            var (code, output, error) = await Run(["dicom", "echo", "127.0.0.1", port.ToString(), "--aec", "TLSSCP", .. tls, "--tls-ca", pki.CaFile]);
            Assert.True(code == ExitCodes.Ok, output + error);

            (code, _, error) = await Run(["dicom", "echo", "127.0.0.1", port.ToString(), "--aec", "TLSSCP", .. tls]);
            Assert.Equal(ExitCodes.Unreachable, code);
            Assert.Contains("is not trusted", error, StringComparison.Ordinal);

            (code, _, _) = await Run("dicom", "echo", "127.0.0.1", port.ToString(), "--tls-ca", pki.CaFile);
            Assert.Equal(ExitCodes.Usage, code);
        }
        finally
        {
            storescp.Kill();
        }
    }

    [Fact]
    public async Task Scp_ReceivingFromStorescu_WritesPart10FileWithTheDatasetAsSent_ThenEchoAndStoreWork()
    {
        int port = FreePort();
        string received = Path.Combine(_directory, "received");
        using var cts = new CancellationTokenSource();
        var scp = Run(cts.Token, "dicom", "scp", "--aet", "CLISCP", "--port", port.ToString(), "--folder", received);
        await WaitForPort(port);

        var (path, dataset) = await MakeFile(_directory, "1.2.826.0.1.3680043.10.1003.1");
        var (storescu, log) = await Tool("storescu", "-aec", "CLISCP", "127.0.0.1", port.ToString(), path);
        Assert.True(storescu == 0, log);

        var (echo, echoOutput, _) = await Run("dicom", "echo", "127.0.0.1", port.ToString(), "--aec", "CLISCP");
        Assert.Equal(ExitCodes.Ok, echo);
        Assert.Contains("C-ECHO 0x0000 (Success)", echoOutput, StringComparison.Ordinal);

        var (second, secondDataset) = await MakeFile(_directory, "1.2.826.0.1.3680043.10.1003.2");
        var (store, storeOutput, storeError) = await Run("dicom", "store", "127.0.0.1", port.ToString(), second, "--aec", "CLISCP");
        Assert.True(store == ExitCodes.Ok, storeOutput + storeError);
        Assert.Contains("1 of 1 stored", storeOutput, StringComparison.Ordinal);

        await cts.CancelAsync();
        var (scpCode, scpOutput, _) = await scp;
        Assert.Equal(ExitCodes.Ok, scpCode);
        Assert.Contains("2 objects stored", scpOutput, StringComparison.Ordinal);

        foreach (var (uid, expected) in new[] { ("1.2.826.0.1.3680043.10.1003.1", dataset), ("1.2.826.0.1.3680043.10.1003.2", secondDataset) })
        {
            string file = Path.Combine(received, uid + ".dcm");
            var (dump, dumpOutput) = await Tool("dcmdump", file);
            Assert.True(dump == 0, dumpOutput);
            Assert.Contains("PID-CLI", dumpOutput, StringComparison.Ordinal);
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(expected, bytes[DatasetOffset(bytes)..]);
        }

        Assert.Empty(Directory.GetFiles(received, ".*"));
    }

    [Fact]
    public async Task StoreAndEcho_AgainstStorescp_ExitOk()
    {
        int port = FreePort();
        string outDir = Path.Combine(_directory, "storescp");
        Directory.CreateDirectory(outDir);
        using var storescp = Start("storescp", "+B", "-aet", "STORESCP", "-od", outDir, port.ToString());
        try
        {
            await WaitForPort(port);
            var (path, dataset) = await MakeFile(_directory, "1.2.826.0.1.3680043.10.1003.3");
            var (code, output, error) = await Run("dicom", "store", "127.0.0.1", port.ToString(), _directory, "--aec", "STORESCP");
            Assert.True(code == ExitCodes.Ok, output + error);
            Assert.Contains("skipped (not DICOM Part 10)", error, StringComparison.Ordinal);
            var written = Directory.GetFiles(outDir).Single();
            var bytes = await File.ReadAllBytesAsync(written);
            Assert.Equal(dataset, bytes[DatasetOffset(bytes)..]);
        }
        finally
        {
            storescp.Kill();
        }
    }

    [Fact]
    public async Task Find_UnknownKeyword_ExitsUsage()
    {
        var (code, _, error) = await Run("dicom", "find", "127.0.0.1", "104", "-k", "NoSuchKeyword=1");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("NoSuchKeyword", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAndMove_AgainstDcmqrscp_PrintMatchesAndMoveToOurScp()
    {
        // dcmqrscp serves a small database; our scp is the move destination.
        int qrPort = FreePort(), scpPort = FreePort();
        string db = Path.Combine(_directory, "db");
        Directory.CreateDirectory(db);
        string config = Path.Combine(_directory, "dcmqrscp.cfg");
        await Archive.Testing.Dcmtk.Dcmqrscp.WriteConfigAsync(config, qrPort, db, "CLISCP", scpPort, maxAssociations: 4);
        var (path, _) = await MakeFile(_directory, "1.2.826.0.1.3680043.10.1003.4");
        using var qr = Start("dcmqrscp", "-c", config, "--disable-host-lookup");
        using var cts = new CancellationTokenSource();
        var scp = Run(cts.Token, "dicom", "scp", "--aet", "CLISCP", "--port", scpPort.ToString(), "--folder", Path.Combine(_directory, "moved"));
        try
        {
            await WaitForPort(qrPort);
            await WaitForPort(scpPort);
            var (stored, storeLog) = await Tool("storescu", "-aec", "QRSCP", "127.0.0.1", qrPort.ToString(), path);
            Assert.True(stored == 0, storeLog);

            var (find, findOutput, findError) = await Run("dicom", "find", "127.0.0.1", qrPort.ToString(), "--aec", "QRSCP", "--level", "STUDY", "-k", "StudyInstanceUID", "-k", "PatientID");
            Assert.True(find == ExitCodes.Ok, findOutput + findError);
            Assert.Contains("1.2.3.99", findOutput, StringComparison.Ordinal);
            Assert.Contains("1 matches", findError, StringComparison.Ordinal);

            var (move, moveOutput, moveError) = await Run("dicom", "move", "127.0.0.1", qrPort.ToString(), "--aec", "QRSCP", "--aet", "CLISCP", "--dest", "CLISCP", "--level", "STUDY", "-k", "StudyInstanceUID=1.2.3.99");
            Assert.True(move == ExitCodes.Ok, moveOutput + moveError);
            Assert.Contains("completed=1", moveOutput, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(_directory, "moved", "1.2.826.0.1.3680043.10.1003.4.dcm")));
        }
        finally
        {
            await cts.CancelAsync();
            await scp;
            qr.Kill();
        }
    }
}

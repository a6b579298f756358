using Archive.Testing.Dcmtk;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Tests.Infrastructure;

namespace Archive.Dicom.Network.Tests.Interop;

[Collection(InteropCollection.Name)]
public sealed class OurScuTests(InteropCorpus corpus)
{
    [Theory]
    [InlineData("4096")]
    [InlineData("131072")]
    public async Task StoreAndEcho_AgainstStorescp_WritesByteIdenticalFiles(string storescpMaxPdu)
    {
        int port = DcmtkTool.FreePort();
        string outDir = Path.Combine(corpus.Directory, "scu-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(outDir);
        using var storescp = DcmtkTool.Start("storescp", ["+B", "+xa", "-pdu", storescpMaxPdu, "-aet", "STORESCP", "-od", outDir, port.ToString()]);
        try
        {
            await DcmtkTool.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
            var files = corpus.Files.Select(Part10.Read).ToList();
            var contexts = new PresentationContextList().Add(ServiceUids.Verification);
            foreach (var f in files.DistinctBy(f => (f.SopClassUid, f.TransferSyntaxUid)))
            {
                contexts.AddStorage(f.SopClassUid, f.TransferSyntaxUid);
            }

            await using (var client = await DicomClient.ConnectAsync("127.0.0.1", port, "STORESCP", contexts, new DicomClientOptions { CallingAeTitle = "OURSCU" }))
            {
                Assert.Equal(uint.Parse(storescpMaxPdu), client.Engine.PeerMaxPduLength);
                Assert.Equal(DimseStatus.Success, await client.EchoAsync());
                foreach (var f in files)
                {
                    await using var stream = File.OpenRead(f.Path);
                    stream.Position = f.DatasetOffset;
                    var response = await client.StoreAsync(f.SopClassUid, f.SopInstanceUid, f.TransferSyntaxUid, stream, f.DatasetLength);
                    Assert.Equal(DimseStatus.Success, response.Status);
                    Assert.Equal(f.SopInstanceUid, response.Command.AffectedSopInstanceUid);
                }

                await client.ReleaseAsync();
                Assert.Equal(AssociationState.Idle, client.Engine.State);
            }

            QueryRetrieveTests.AssertFilesIdentical(corpus.Files, outDir);
        }
        finally
        {
            storescp.Kill();
        }
    }

    [Fact]
    public async Task Connect_CalledAeRefused_ThrowsRejected()
    {
        int port = DcmtkTool.FreePort();
        using var storescp = DcmtkTool.Start("storescp", ["--refuse", "-aet", "STORESCP", port.ToString()]);
        try
        {
            await DcmtkTool.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
            var ex = await Assert.ThrowsAsync<AssociationRejectedException>(() =>
                DicomClient.ConnectAsync("127.0.0.1", port, "STORESCP", new PresentationContextList().Add(ServiceUids.Verification)));
            Assert.Equal(Archive.Dicom.Network.Pdu.RejectSource.ServiceUser, RejectSourceOf(ex));
        }
        finally
        {
            storescp.Kill();
        }
    }

    private static Archive.Dicom.Network.Pdu.RejectSource RejectSourceOf(AssociationRejectedException ex) => ex.Reject.Source;
}

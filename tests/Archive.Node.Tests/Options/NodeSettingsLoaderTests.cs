using Archive.Node.Options;

namespace Archive.Node.Tests.Options;

public sealed class NodeSettingsLoaderTests
{
    private static NodeSettings Load(params string[] args) =>
        NodeSettingsLoader.Load(NodeSettingsLoader.Build(args, _ => null), "/srv/work");

    [Fact]
    public void Load_EmbeddedDefaultsOnly_SingleNodeWithSixDisksUnderDotLocal()
    {
        var settings = Load();

        Assert.Equal("node-1", settings.NodeId);
        Assert.Equal("/srv/work/.local/node", settings.Home);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"/srv/work/.local/node/disks/d{i}"), settings.DataDisks);
        Assert.Equal("/srv/work/.local/node/fast", settings.FastDirectory);
        Assert.Equal("/srv/work/.local/node/grid-map.json", settings.GridMapPath);
        Assert.Equal("http://127.0.0.1:7100", settings.AdvertisedAddress);
        Assert.Equal("ec-4-2", settings.SingleNode.DefaultClass);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Membership.HeartbeatInterval);
        Assert.Equal(256 * 1024, settings.Grpc.ChunkBytes);
        Assert.False(settings.Dicom.AcceptAnyCallingAe);
    }

    [Fact]
    public void Load_RemoteAeWithQueryOnly_MayOnlyQuery_AndOneWithoutAListMayDoEverything()
    {
        // The configuration binder appends a configured list to an initialised one: a query-only PACS once got all four.
        var settings = Load(
            "--Dicom:RemoteAes:0:AeTitle=VIEWER", "--Dicom:RemoteAes:0:Site=chu-a", "--Dicom:RemoteAes:0:Permissions:0=query",
            "--Dicom:RemoteAes:1:AeTitle=PACS", "--Dicom:RemoteAes:1:Site=chu-a");
        var remotes = Archive.Node.Dicom.DicomSettings.ToServiceOptions(settings.Dicom, settings.FastDirectory).RemoteAes;

        Assert.Equal(Archive.Service.Configuration.AePermissions.Query, remotes.Single(r => r.AeTitle == "VIEWER").Permissions);
        Assert.Equal(Archive.Service.Configuration.AePermissions.All, remotes.Single(r => r.AeTitle == "PACS").Permissions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_MoveDestination_OnlyADestination_UnlessAnyCallerMayDoEverything(bool acceptAny)
    {
        // Sweep O2: with any caller accepted (tools/local-grid), a PACS named with --ae could be moved to and was then
        // refused its stores and queries (0x0124) that any unnamed caller made.
        var settings = Load("--Dicom:MoveDestinations:ORTHANC=127.0.0.1:4242", $"--Dicom:AcceptAnyCallingAe={acceptAny}");
        var registry = new Archive.Service.Configuration.AeRegistry(Archive.Node.Dicom.DicomSettings.ToServiceOptions(settings.Dicom, settings.FastDirectory));

        Assert.Equal(new Archive.Dicom.Network.Scp.DicomPeer("ORTHANC", "127.0.0.1", 4242, false), registry.Resolve("ORTHANC"));
        Assert.Equal(acceptAny, registry.Allows("ORTHANC", Archive.Service.Configuration.AePermissions.All));
        Assert.Equal(acceptAny, registry.ScopeOf("ORTHANC").AllSites);
    }

    [Fact]
    public void Load_RemoteAeWithAnEmptyPermissionList_MayDoNothing()
    {
        // "Permissions": [] in a JSON file reaches the configuration as an empty value, as this argument does.
        var json = Path.Combine(Path.GetTempPath(), "remote-aes-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(json, """{ "Dicom": { "RemoteAes": [ { "AeTitle": "DEST_ONLY", "Site": "chu-a", "Permissions": [] } ] } }""");
        try
        {
            foreach (var settings in new[] { Load("--config", json), Load("--Dicom:RemoteAes:0:AeTitle=DEST", "--Dicom:RemoteAes:0:Site=chu-a", "--Dicom:RemoteAes:0:Permissions=") })
            {
                var remote = Archive.Node.Dicom.DicomSettings.ToServiceOptions(settings.Dicom, settings.FastDirectory).RemoteAes.Single();
                Assert.Equal(Archive.Service.Configuration.AePermissions.None, remote.Permissions);
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Load_EmbeddedDefaults_RepairAndScrubSectionsMatchCodeDefaults()
    {
        Assert.Equal(new Archive.Grid.Repair.RepairOptions(), Load().Repair);
        Assert.Equal(new Archive.Grid.Scrub.ScrubOptions(), Load().Scrub);
    }

    [Fact]
    public void Load_BadRepairOptions_Refused()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load("--Repair:MaxConcurrency=0", "--Repair:BytesPerSecond=5"));

        Assert.Contains(error.Problems, p => p.StartsWith("Repair", StringComparison.Ordinal));

        // Sweep Z2: no idle wait made an idle node's repair worker spin (78% of a core).
        var spinning = Assert.Throws<NodeConfigurationException>(() => Load("--Repair:IdleDelay=00:00:00"));
        Assert.Contains(spinning.Problems, p => p.StartsWith("Repair", StringComparison.Ordinal) && p.Contains("IdleDelay >= 100 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_HttpsHealthAndMetricsUrl_RefusedSinceItServesPlainHttp()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load("--http", "https://127.0.0.1:7180"));

        Assert.Contains(error.Problems, p => p.StartsWith("Node:HttpUrl serves health and metrics over plain HTTP", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pässwörd-ü12")]
    [InlineData("abcdefgh\nij")]
    [InlineData(" padded-secret")]
    public void Load_ClusterSecretNoRequestHeaderCanCarry_RefusedAtStart(string secret)
    {
        // Sweep Z2: the node started and reported ready while no call, from archivectl or a peer, could carry its secret.
        var error = Assert.Throws<NodeConfigurationException>(() => Load("--secret", secret));

        Assert.Contains(error.Problems, p => p.Contains("cluster secret must be printable ASCII", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new string[0], false)]                                                                  // production: the called title is checked
    [InlineData(new[] { "--Dicom:AcceptAnyCallingAe=true" }, true)]                                      // development: lenient on both titles
    [InlineData(new[] { "--Dicom:AcceptAnyCallingAe=true", "--Dicom:AcceptAnyCalledAe=false" }, false)]  // unless said otherwise
    [InlineData(new[] { "--Dicom:AcceptAnyCalledAe=true" }, true)]
    public void Load_AnyCalledAe_FollowsAnyCallingAeUnlessSet(string[] args, bool expected)
    {
        var settings = Load(args);
        Assert.Equal(expected, Archive.Node.Dicom.DicomSettings.ToServiceOptions(settings.Dicom, settings.FastDirectory).AcceptAnyCalledAe);
    }

    [Theory]
    [InlineData("--hmoe", "/srv/a")]
    [InlineData("--bogus")]
    [InlineData("--Nodes:Id=x")]
    [InlineData("-x")]
    public void Build_UnknownOption_RefusedBeforeAnythingStarts(params string[] args)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => NodeSettingsLoader.Build(args, _ => null));
        Assert.Contains(error.Problems, p => p.StartsWith("unknown option " + args[0].Split('=')[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unexpected argument 'node.json': options are --name value or --Section:Key=value (a configuration file: --config node.json)", "node.json")]
    [InlineData("unexpected argument 'extra'", "--home", "/srv/a", "extra")]
    [InlineData("unexpected argument 'x'", "--Node:Id=n1", "x")]
    public void Build_ArgumentThatIsNoOptionsValue_Refused(string expected, params string[] args)
    {
        // Sweep W2: `archive-node init node.json` formatted the default disks under the working directory.
        var error = Assert.Throws<NodeConfigurationException>(() => NodeSettingsLoader.Build(args, _ => null));
        Assert.Contains(error.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ReplicaCacheWithoutCapacity_RefusedBeforeTheNodeStarts()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load("--Dicom:ReplicaCacheBytes=0"));

        Assert.Contains(error.Problems, p => p.StartsWith("Dicom:ReplicaCacheBytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--Node:SingleNode:DefaultClass=rep-1", "Node:SingleNode:DefaultClass")]
    [InlineData("--Node:SingleNode:SmallClass=ec-4", "Node:SingleNode:SmallClass")]
    public void Load_UnknownStorageClassName_RefusedNamingTheSetting(string arg, string setting)
    {
        // rep-1 aborted the node with an unhandled exception once the map was generated.
        var error = Assert.Throws<NodeConfigurationException>(() => Load(arg));

        Assert.Contains(error.Problems, p => p.StartsWith(setting, StringComparison.Ordinal) && p.Contains("rep-N (N whole copies, 2-9)", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ArchiveHomeEnvironment_UsedWhenHomeUnset()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build([], name => name == "ARCHIVE_HOME" ? "/data/archive" : null), "/srv/work");

        Assert.Equal("/data/archive", settings.Home);
    }

    [Fact]
    public void Load_CommandLineOverrides_WinOverDefaults()
    {
        var settings = Load("--id", "node-7", "--home", "/h", "--grpc", "http://0.0.0.0:9000", "--Write:Compress=false", "--Membership:DownAfter=00:00:30");

        Assert.Equal("node-7", settings.NodeId);
        Assert.Equal("/h/disks/d1", settings.DataDisks[0]);
        Assert.Equal("http://0.0.0.0:9000", settings.GrpcUrl);
        Assert.False(settings.Write.Compress);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Membership.DownAfter);
    }

    [Fact]
    public void Load_SeveralBadValues_ListsEveryProblem()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load(
            "--id", "bad id!", "--grpc", "not-a-url", "--secret", "short", "--Membership:SuspectAfter=00:00:00.5", "--Write:BlockSize=10"));

        Assert.Contains(error.Problems, p => p.StartsWith("Node:Id", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Node:GrpcUrl", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("secret", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(error.Problems, p => p.StartsWith("Membership", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Write", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Dicom:MaxAssociations", "--Dicom:MaxAssociations=0")]
    [InlineData("Dicom: MaxObjectBytes, MaxQueryResults", "--Dicom:MaxQueryResults=0")]
    [InlineData("Dicom:CommitmentGiveUpAfter", "--Dicom:CommitmentGiveUpAfter=-00:00:01")]
    [InlineData("Dicom:CommitmentGiveUpAfter (00:00:02) must be longer", "--Dicom:CommitmentGiveUpAfter=00:00:02")] // sweep G: passed, then exit 1 at start
    [InlineData("Dicom: AeTitle 'AB\\CD' is not an AE title", "--Dicom:AeTitle=AB\\CD")] // sweep C2: a stack trace and exit 1
    [InlineData("Dicom: remote AE 'PA\\CS': its AeTitle must be", "--Dicom:RemoteAes:0:AeTitle=PA\\CS", "--Dicom:RemoteAes:0:Site=a")]
    [InlineData("Dicom: remote AE 'PACS': Host 'no such host!' is not a host name", "--Dicom:RemoteAes:0:AeTitle=PACS", "--Dicom:RemoteAes:0:Host=no such host!", "--Dicom:RemoteAes:0:Port=104", "--Dicom:RemoteAes:0:Site=a")]
    [InlineData("Dicom: MoveDestinations:PACS is 'b:105', but RemoteAes lists PACS at a:104", "--Dicom:RemoteAes:0:AeTitle=PACS", "--Dicom:RemoteAes:0:Host=a", "--Dicom:RemoteAes:0:Port=104", "--Dicom:RemoteAes:0:Site=a", "--Dicom:MoveDestinations:PACS=b:105")]
    [InlineData("Logging:LogLevel:Default 'Verbose' is not a level", "--Logging:LogLevel:Default=Verbose")] // sweep C2: exit 134
    [InlineData("Grpc:Tls:CertificateFile and KeyFile are set, but Node:GrpcUrl", "--Grpc:Tls:CertificateFile=tls/node.pem", "--Grpc:Tls:KeyFile=tls/node.key")] // sweep C2: ignored
    [InlineData("Dicom:BindAddress '999.1.1.1'", "--Dicom:BindAddress=999.1.1.1")]
    [InlineData("Dicom: remote AE 'PACS': Port 70000 is not 0-65535", "--Dicom:RemoteAes:0:AeTitle=PACS", "--Dicom:RemoteAes:0:Host=h", "--Dicom:RemoteAes:0:Port=70000", "--Dicom:RemoteAes:0:Site=a")]
    [InlineData("Dicom: remote AE 'PACS': unknown permission 'delete'", "--Dicom:RemoteAes:0:AeTitle=PACS", "--Dicom:RemoteAes:0:Host=h", "--Dicom:RemoteAes:0:Port=104", "--Dicom:RemoteAes:0:Site=a", "--Dicom:RemoteAes:0:Permissions:0=delete")]
    [InlineData("Dicom: MoveDestinations:X is 'nohostport': host:port expected", "--Dicom:MoveDestinations:X=nohostport")]
    [InlineData("Dicom: Dicom:Tls:Enabled needs Dicom:Tls:CertificateFile and Dicom:Tls:KeyFile", "--Dicom:Tls:Enabled=true")]
    [InlineData("Dicom:Tls:Port 11112 is also Dicom:Port", "--Dicom:Tls:Enabled=true", "--Dicom:Tls:Port=11112")]
    [InlineData("Dicom: cannot load the certificate '/srv/work/.local/node/tls/archive.pem'", "--Dicom:Tls:Enabled=true", "--Dicom:Tls:CertificateFile=tls/archive.pem", "--Dicom:Tls:KeyFile=tls/archive.key")]
    [InlineData("Dicom: remote AE 'PACS': it is configured for TLS (Tls: true), and this node has no TLS certificate", "--Dicom:RemoteAes:0:AeTitle=PACS", "--Dicom:RemoteAes:0:Site=a", "--Dicom:RemoteAes:0:Tls=true")]
    public void Load_BadDicomSettings_RefusedAtStartNamingTheSetting(string problem, params string[] args)
    {
        // These used to pass the loader and stop the node later, exit code 0, once the DICOM listener would not start.
        var error = Assert.Throws<NodeConfigurationException>(() => Load(args));

        Assert.Contains(error.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_GrpcTls_LoadsTheCertificateAndCas_AndRefusesACaFileWithoutOne()
    {
        var directory = Directory.CreateTempSubdirectory("grpc-tls-").FullName;
        try
        {
            var pki = Archive.Testing.Tls.TestPki.Create(directory);
            var node = pki.Issue("node-1");
            var empty = Path.Combine(directory, "empty-ca.pem");
            File.WriteAllText(empty, "");
            string[] Https(string caFile) =>
            [
                "--Node:GrpcUrl=https://127.0.0.1:7100", "--Node:AdvertisedAddress=https://127.0.0.1:7100",
                $"--Grpc:Tls:CertificateFile={node.CertificateFile}", $"--Grpc:Tls:KeyFile={node.KeyFile}", $"--Grpc:Tls:TrustedCaFile={caFile}",
            ];

            var settings = Load(Https(pki.CaFile));
            Assert.Equal(node.Certificate.Thumbprint, settings.Grpc.TlsCertificate!.Thumbprint);
            Assert.Single(settings.Grpc.TlsTrustedAuthorities!);

            // An empty bundle once loaded as "trust nobody": every peer unreachable, and nothing said at start.
            var error = Assert.Throws<NodeConfigurationException>(() => Load(Https(empty)));
            Assert.Contains(error.Problems, p => p == $"Grpc:Tls: the trusted CA file '{empty}' holds no certificate");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Load_UnknownKeyInARemoteAe_NamesTheKey_AndNothingElse()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load("--Dicom:RemoteAes:0:AeTitle=PACS", "--Dicom:RemoteAes:0:Colour=red"));
        Assert.Contains("'Colour'", Assert.Single(error.Problems), StringComparison.Ordinal);

        // A section that did not bind leaves its defaults: no second, wrong, error about them.
        Assert.Contains("'Idd'", Assert.Single(Assert.Throws<NodeConfigurationException>(() => Load("--Node:Idd=x")).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HomeOrDataDiskIsAFile_RefusedNamingTheSetting()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Contains(Assert.Throws<NodeConfigurationException>(() => Load("--home", file)).Problems, p => p.StartsWith("Node:Home: ", StringComparison.Ordinal));
            Assert.Contains(Assert.Throws<NodeConfigurationException>(() => Load("--Node:DataDisks:0=" + file)).Problems, p => p.StartsWith("Node:DataDisks: ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_UnknownKey_RefusedRatherThanIgnored()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => Load("--Node:DataDisk=/x"));

        Assert.Contains(error.Problems, p => p.Contains("DataDisk", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ConfigFileWithAnUnknownSection_Refused()
    {
        // Sweep C2: {"Dicomm": ...} started a node on the defaults of the section meant.
        var file = Path.Combine(Path.GetTempPath(), $"node-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Dicomm": { "AeTitle": "MYARCHIVE" } }""");
        try
        {
            var error = Assert.Throws<NodeConfigurationException>(() => NodeSettingsLoader.Build(["--config", file], _ => null));

            Assert.Contains(error.Problems, p => p.StartsWith("--config: unknown section 'Dicomm'", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_ConfigFile_LayersBetweenDefaultsAndCommandLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"node-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            // a comment, as in the defaults file
            { "Node": { "Id": "from-file", "DataDisks": [ "a", "b" ] }, "Dicom": { "AcceptAnyCallingAe": true } }
            """);
        try
        {
            var settings = Load("--config", file, "--home", "/h");

            Assert.Equal("from-file", settings.NodeId);
            Assert.Equal(["/h/a", "/h/b"], settings.DataDisks);
            Assert.True(settings.Dicom.AcceptAnyCallingAe);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

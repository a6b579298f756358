namespace Archive.Testing.Dcmtk;

/// <summary>dcmtk's dcmqrscp as a test PACS: one AE, QRSCP, over a database directory, with one C-MOVE destination.</summary>
public static class Dcmqrscp
{
    /// <summary>Writes its configuration file; <paramref name="destinationAe"/> at 127.0.0.1:<paramref name="destinationPort"/> is where it moves to.</summary>
    public static Task WriteConfigAsync(string path, int port, string database, string destinationAe, int destinationPort, int maxAssociations = 16) =>
        File.WriteAllTextAsync(path, $"""
            NetworkTCPPort = {port}
            MaxPDUSize = 16384
            MaxAssociations = {maxAssociations}
            HostTable BEGIN
            destination = ({destinationAe}, 127.0.0.1, {destinationPort})
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            QRSCP {database} RW (200, 1024mb) ANY
            AETable END

            """);
}

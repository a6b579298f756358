using Archive.Grid.Grpc.Errors;
using Archive.Grid.Manifests;
using Grpc.Core;

namespace Archive.Grid.Grpc.Tests.Errors;

public sealed class RpcErrorMapTests
{
    public static TheoryData<Exception, StatusCode> ServerCases() => new()
    {
        { new ArgumentException("bad"), StatusCode.InvalidArgument },
        { new InvalidDataException("bad"), StatusCode.InvalidArgument },
        { new FormatException("bad"), StatusCode.InvalidArgument },
        { new GridManifestFormatException("bad"), StatusCode.InvalidArgument },
        { new IOException("disk"), StatusCode.Unavailable },
        { new UnauthorizedAccessException("disk"), StatusCode.Unavailable },
        { new InvalidOperationException("bug"), StatusCode.Internal },
        { new NullReferenceException(), StatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(ServerCases))]
    public void ToRpc_HandlerException_MapsToItsStatus(Exception exception, StatusCode expected)
    {
        Assert.Equal(expected, RpcErrorMap.ToRpc(exception, CancellationToken.None).StatusCode);
    }

    [Fact]
    public void ToRpc_InternalError_NamesTheTypeOnlyNeverTheMessage()
    {
        var mapped = RpcErrorMap.ToRpc(new InvalidOperationException("patient DOE^JOHN"), CancellationToken.None);

        Assert.Equal("internal error: InvalidOperationException", mapped.Status.Detail);
    }

    [Fact]
    public void ToRpc_CancelledCall_MapsToCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Equal(StatusCode.Cancelled, RpcErrorMap.ToRpc(new OperationCanceledException(), cancelled.Token).StatusCode);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.Internal, false)]
    public void FromRpc_FailedCall_IsPeerCallException(StatusCode status, bool transport)
    {
        var mapped = Assert.IsType<PeerCallException>(RpcErrorMap.FromRpc("node-2", new RpcException(new Status(status, "x")), CancellationToken.None));

        Assert.Equal(status, mapped.Status);
        Assert.Equal(transport, mapped.IsTransportFailure);
    }

    [Fact]
    public void FromRpc_CancelledByCaller_IsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.IsType<OperationCanceledException>(RpcErrorMap.FromRpc("node-2", new RpcException(new Status(StatusCode.Cancelled, "x")), cancelled.Token));
    }
}

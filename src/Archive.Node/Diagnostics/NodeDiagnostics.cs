using System.Diagnostics.Metrics;
using System.Text;
using Archive.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Archive.Node.Diagnostics;

/// <summary>
/// Registers the node's diagnostics and maps its HTTP endpoints: <c>/healthz</c> (the process
/// answers), <c>/readyz</c> (<see cref="NodeReadiness"/>, one line per check) and <c>/metrics</c>
/// (Prometheus text format 0.0.4 from a registry of the node's own: the <c>archive_</c> series of
/// <see cref="MeterExporter"/> plus the process and .NET runtime series).
/// </summary>
public static class NodeDiagnostics
{
    public static IServiceCollection AddNodeDiagnostics(this IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return new MeterExporter(registry);
        });
        services.AddSingleton(sp => new DicomMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<NodeReadiness>();
        services.AddSingleton(sp => new NodeMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<NodeRuntime>(), sp.GetRequiredService<NodeReadiness>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        return services;
    }

    /// <summary>Maps the endpoints; starts exporting (instruments created from now on are seen too).</summary>
    public static void MapNodeDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetRequiredService<MeterExporter>();
        var readiness = endpoints.ServiceProvider.GetRequiredService<NodeReadiness>();
        endpoints.ServiceProvider.GetRequiredService<NodeMetrics>();
        endpoints.MapGet("/healthz", () => Results.Text("alive\n"));
        endpoints.MapGet("/readyz", () =>
        {
            var checks = readiness.Checks();
            var text = new StringBuilder();
            foreach (var (check, ok) in checks)
            {
                text.Append(check).Append(ok ? " ok\n" : " not ready\n");
            }

            var ready = checks.All(c => c.Ok);
            return Results.Text((ready ? "ready\n" : "not ready\n") + text, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        // Text format only: the counters are named with their _total suffix, as OpenMetrics would add it again.
        endpoints.MapMetrics(settings =>
        {
            settings.Registry = exporter.Registry;
            settings.EnableOpenMetrics = false;
        });
    }
}

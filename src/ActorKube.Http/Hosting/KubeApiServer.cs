using System.Net;
using ActorKube.Http.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorKube.Http.Hosting;

/// <summary>
/// The Kubernetes REST API of a control-plane process: Kestrel in front of the apiserver actor
/// (DESIGN §4). Plain HTTP on 127.0.0.1:6443 by default; the handler does the routing itself, as
/// kube-apiserver's handler chain does, so every path gets Kubernetes' answers and Status errors.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeApiServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address clients use (http://127.0.0.1:6443), with the real port when 0 was asked.</summary>
    public Uri Url { get; }

    public static async Task<KubeApiServer> StartAsync(KubeApiOptions options, KubeApiBackend backend, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new ArgumentException($"--api-address must be an IP address, got \"{options.Address}\"");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // the handler enforces the apiserver's limit and answers with a Status
            k.Listen(address, options.Port);
        });
        var app = builder.Build();
        Uri? url = null;
        var handler = new KubeApiHandler(backend, options, () => url?.Authority ?? $"{options.Address}:{options.Port}");
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot listen on {options.Address}:{options.Port}: {e.Message}", e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Address}:{options.Port}";
        url = new Uri(bound);
        return new KubeApiServer(app, url);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}

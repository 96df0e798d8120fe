using System.Net;
using System.Security.Cryptography.X509Certificates;
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
/// (DESIGN §4). Plain HTTP on 127.0.0.1:6443 by default, HTTPS with a self-signed certificate when a
/// token is required; the handler does the routing itself, as
/// kube-apiserver's handler chain does, so every path gets Kubernetes' answers and Status errors.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeApiServer(WebApplication app, Uri url, X509Certificate2? certificate)
    {
        _app = app;
        Url = url;
        Certificate = certificate;
    }

    /// <summary>The address clients use (http://127.0.0.1:6443), with the real port when 0 was asked.</summary>
    public Uri Url { get; }

    /// <summary>The self-signed serving certificate when the API serves HTTPS (with a token); null for plain HTTP.</summary>
    public X509Certificate2? Certificate { get; }

    public static async Task<KubeApiServer> StartAsync(KubeApiOptions options, KubeApiBackend backend, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new ArgumentException($"--api-address must be an IP address, got \"{options.Address}\"");
        }

        // A token needs TLS: kubectl sends a kubeconfig's credentials only over HTTPS.
        var certificate = string.IsNullOrEmpty(options.Token) ? null : SelfSignedCertificate.Create(address);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // the handler enforces the apiserver's limit and answers with a Status
            k.Listen(address, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
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
        return new KubeApiServer(app, url, certificate);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}

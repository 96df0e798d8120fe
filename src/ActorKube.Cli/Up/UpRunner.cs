using ActorKube.Cluster.Hosting;
using ActorKube.Http.Hosting;

namespace ActorKube.Cli.Up;

/// <summary>
/// `actorkube up --in-process`: the whole cluster in this process with the Kubernetes REST API, a
/// kubeconfig in the data directory, and a clean shutdown on Ctrl+C / SIGTERM.
/// </summary>
public sealed class UpRunner(TextWriter stdout, TextWriter stderr)
{
    public async Task<int> RunAsync(ClusterOptions options, Func<Akka.Configuration.Config, KubeApiOptions> apiOptions, CancellationToken cancellationToken)
    {
        ActorKubeCluster cluster;
        try
        {
            cluster = await ActorKubeCluster.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }

        await using (cluster.ConfigureAwait(false))
        {
            KubeApiServer api;
            var http = apiOptions(cluster.Config.GetConfig("actorkube.http"));
            try
            {
                api = await cluster.StartApiAsync(http, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message} (is another ActorKube or apiserver running? choose another port with --api-port)").ConfigureAwait(false);
                return 1;
            }

            await using (api.ConfigureAwait(false))
            {
                var kubeconfig = Kubeconfig.Write(cluster.DataDir, api.Url, http.Token, api.Certificate is { } cert ? Http.Hosting.SelfSignedCertificate.ToPem(cert) : null);
                await stderr.WriteLineAsync($"ActorKube is up: API {api.Url.GetLeftPart(UriPartial.Authority)}, data {cluster.DataDir}, log {cluster.LogFile}. Ctrl+C stops it.").ConfigureAwait(false);
                await stdout.WriteLineAsync($"export KUBECONFIG={kubeconfig}").ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await stderr.WriteLineAsync("ActorKube is shutting down").ConfigureAwait(false);
                }

                await api.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return 0;
    }
}

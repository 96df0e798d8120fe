using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Roles;
using ActorKube.Http.Hosting;

namespace ActorKube.Cli.Up;

/// <summary>`actorkube control-plane` and `actorkube worker`: one member of a multi-process cluster, until Ctrl+C / SIGTERM.</summary>
public sealed class RoleRunner(TextWriter stdout, TextWriter stderr, int? parentPid = null)
{
    public async Task<int> RunControlPlaneAsync(ClusterOptions options, Func<Akka.Configuration.Config, KubeApiOptions> apiOptions, CancellationToken cancellationToken)
    {
        ControlPlaneHost host;
        try
        {
            host = await ControlPlaneHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (TimeoutException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            var http = apiOptions(host.Setup.Config.GetConfig("actorkube.http"));
            KubeApiServer api;
            try
            {
                api = await host.StartApiAsync(http, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message} (choose another port with --api-port)").ConfigureAwait(false);
                return 1;
            }

            await using (api.ConfigureAwait(false))
            {
                // Control planes share the data directory (and its SQLite etcd): each writes its own kubeconfig.
                var kubeconfig = Kubeconfig.Write(host.Setup.DataDir, api.Url, http.Token, api.Certificate is { } cert ? SelfSignedCertificate.ToPem(cert) : null, $"kubeconfig-{options.ProcessName}");
                var self = Akka.Cluster.Cluster.Get(host.System).SelfAddress;
                await stdout.WriteLineAsync($"control-plane {self} api {api.Url.GetLeftPart(UriPartial.Authority)} kubeconfig {kubeconfig} log {host.Setup.LogFile}").ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                await WaitForShutdownAsync(host.System, cancellationToken).ConfigureAwait(false);
                await api.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        return 0;
    }

    public async Task<int> RunWorkerAsync(ClusterOptions options, CancellationToken cancellationToken)
    {
        WorkerHost host;
        try
        {
            host = await WorkerHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (TimeoutException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            var self = Akka.Cluster.Cluster.Get(host.System).SelfAddress;
            await stdout.WriteLineAsync($"worker {self} log {host.Setup.LogFile}").ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            await WaitForShutdownAsync(host.System, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Until Ctrl+C / SIGTERM, or until the cluster removes this member (downed by the split-brain resolver).</summary>
    private async Task WaitForShutdownAsync(Akka.Actor.ActorSystem system, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAny(system.WhenTerminated, Task.Delay(Timeout.Infinite, cancellationToken), ParentGoneAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await stderr.WriteLineAsync("shutting down").ConfigureAwait(false);
    }

    /// <summary>With --parent-pid (set by `actorkube up`): completes when the launcher is gone, even killed, so no child is orphaned.</summary>
    private async Task ParentGoneAsync(CancellationToken cancellationToken)
    {
        if (parentPid is not { } pid)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        while (Signals.IsAlive(pid))
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        }

        await stderr.WriteLineAsync($"the launcher (pid {pid}) is gone").ConfigureAwait(false);
    }
}

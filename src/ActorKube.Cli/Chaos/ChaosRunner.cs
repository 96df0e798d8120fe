using System.Text;
using System.Text.Json;
using ActorKube.Core.Api;
using ActorKube.Core.Node;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Cli.Chaos;

/// <summary>
/// `actorkube chaos ...`: node and network faults as Fault objects through the cluster's REST API, like a Chaos Mesh
/// experiment applied with kubectl. Injecting creates a Fault and waits until the fault controller made it Active;
/// lifting deletes the node's Faults of that type and waits until they are gone (repaired, finalizer removed).
/// Network faults are lifted with kubectl delete fault NAME (it waits for the finalizer too).
/// Exit codes: 0 done, 1 the cluster said no or could not be reached, 2 bad input (a duration, a missing kubeconfig).
/// </summary>
public sealed class ChaosRunner(TextWriter stdout, TextWriter stderr, TimeSpan? waitLimit = null)
{
    private const string FaultsPath = "apis/chaos.actorkube.io/v1alpha1/faults";
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private readonly TimeSpan _waitLimit = waitLimit ?? TimeSpan.FromSeconds(30);

    /// <summary>node-stop / partition: a Fault of <paramref name="type"/> on the node, with an optional duration.</summary>
    public Task<int> InjectAsync(string kubeconfig, string type, string node, string? duration, CancellationToken cancellationToken)
    {
        if (BadDuration(duration) is { } bad)
        {
            return bad;
        }

        return WithClusterAsync(kubeconfig, async api =>
            await CheckNodeAsync(api, node, cancellationToken).ConfigureAwait(false) is { } missing
                ? missing
                : await CreateAndWaitAsync(
                    api,
                    $"{(type == FaultTypes.NodeStop ? "node-stop" : "partition")}-{node}-",
                    new V1alpha1FaultSpec { Type = type, Node = node, Duration = duration },
                    cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// delay / loss: a NetworkDelay (<paramref name="amount"/> ms) or NetworkLoss (<paramref name="amount"/> %) Fault on
    /// the traffic from process <paramref name="from"/> to process <paramref name="to"/> (names as actorkube up gave them).
    /// </summary>
    public Task<int> InjectNetworkAsync(string kubeconfig, string type, string from, string to, int amount, string? duration, CancellationToken cancellationToken)
    {
        if (BadDuration(duration) is { } bad)
        {
            return bad;
        }

        if (from == to)
        {
            return Fail(2, $"error: --from and --to must be two processes (both are {from})");
        }

        var delay = type == FaultTypes.NetworkDelay;
        if (delay && amount is < 1 or > Validation.MaxNetworkDelayMs)
        {
            return Fail(2, $"error: --ms must be between 1 and {Validation.MaxNetworkDelayMs} (got {amount})");
        }

        if (!delay && amount is < 1 or > 100)
        {
            return Fail(2, $"error: --percent must be between 1 and 100 (got {amount})");
        }

        var spec = new V1alpha1FaultSpec
        {
            Type = type,
            From = from,
            To = to,
            DelayMs = delay ? amount : null,
            LossPercent = delay ? null : amount,
            Duration = duration,
        };
        return WithClusterAsync(kubeconfig, api =>
            CreateAndWaitAsync(api, $"{(delay ? "delay" : "loss")}-{from}-{to}-".ToLowerInvariant(), spec, cancellationToken));
    }

    /// <summary>Creates the Fault and waits until the fault controller made it Active (or Ended, or Failed).</summary>
    private async Task<int> CreateAndWaitAsync(ClusterConnection api, string generateName, V1alpha1FaultSpec spec, CancellationToken cancellationToken)
    {
        var fault = new V1alpha1Fault
        {
            ApiVersion = Resources.Faults.ApiVersion,
            Kind = Resources.Faults.Kind,
            Metadata = new V1ObjectMeta { GenerateName = generateName },
            Spec = spec,
        };
        var created = await api.SendAsync(HttpMethod.Post, FaultsPath, fault, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            return await Fail(1, $"error: {created.Error()}").ConfigureAwait(false);
        }

        var name = created.Read<V1alpha1Fault>().Metadata.Name;
        await stdout.WriteLineAsync($"fault.{Resources.Faults.Group}/{name} created").ConfigureAwait(false);

        var deadline = DateTime.UtcNow + _waitLimit;
        while (true)
        {
            var reply = await api.SendAsync(HttpMethod.Get, $"{FaultsPath}/{name}", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                return await Fail(1, $"error: {reply.Error()}").ConfigureAwait(false);
            }

            var status = reply.Read<V1alpha1Fault>().Status;
            switch (status?.Phase)
            {
                case FaultPhases.Active or FaultPhases.Ended:
                    // Ended: a short fault (or a fast cluster clock) was over before this first look.
                    await stdout.WriteLineAsync(status.Message).ConfigureAwait(false);
                    return 0;
                case FaultPhases.Failed:
                    return await Fail(1, $"error: fault {name} failed: {status.Message}").ConfigureAwait(false);
            }

            if (DateTime.UtcNow > deadline)
            {
                return await Fail(1, $"error: fault {name} is still {status?.Phase ?? "Pending"} after {_waitLimit.TotalSeconds:F0}s: is the cluster's fault controller running?").ConfigureAwait(false);
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<int>? BadDuration(string? duration) =>
        duration is not null && !(GoDuration.TryParse(duration, out var d) && d > TimeSpan.Zero)
            ? Fail(2, $"error: --for must be a duration such as 60s, 5m or 1h30m (got \"{duration}\")")
            : null;

    /// <summary>node-start / heal: deletes the node's Faults of <paramref name="type"/> and waits until they are lifted and gone.</summary>
    public Task<int> LiftAsync(string kubeconfig, string type, string node, CancellationToken cancellationToken) =>
        WithClusterAsync(kubeconfig, async api =>
        {
            if (await CheckNodeAsync(api, node, cancellationToken).ConfigureAwait(false) is { } missing)
            {
                return missing;
            }

            var list = await api.SendAsync(HttpMethod.Get, FaultsPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!list.IsSuccess)
            {
                return await Fail(1, $"error: {list.Error()}").ConfigureAwait(false);
            }

            var faults = (list.Read<V1alpha1FaultList>().Items ?? [])
                .Where(f => f.Spec?.Type == type && f.Spec.Node == node && f.Metadata.DeletionTimestamp is null)
                .ToList();
            if (faults.Count == 0)
            {
                return await Fail(1, $"error: no {type} fault on node {node} (actorkube chaos list shows the faults)").ConfigureAwait(false);
            }

            foreach (var f in faults)
            {
                var deleted = await api.SendAsync(HttpMethod.Delete, $"{FaultsPath}/{f.Metadata.Name}", cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!deleted.IsSuccess && deleted.Code != 404)
                {
                    return await Fail(1, $"error: {deleted.Error()}").ConfigureAwait(false);
                }

                await stdout.WriteLineAsync($"fault.{Resources.Faults.Group}/{f.Metadata.Name} deleted").ConfigureAwait(false);
            }

            // The controller lifts each fault before it removes the finalizer: gone means repaired.
            var deadline = DateTime.UtcNow + _waitLimit;
            foreach (var f in faults)
            {
                while (true)
                {
                    var reply = await api.SendAsync(HttpMethod.Get, $"{FaultsPath}/{f.Metadata.Name}", cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (reply.Code == 404)
                    {
                        break;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        return await Fail(1, $"error: fault {f.Metadata.Name} is still there after {_waitLimit.TotalSeconds:F0}s: is the cluster's fault controller running?").ConfigureAwait(false);
                    }

                    await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
                }
            }

            var held = faults.Any(f => f.Status?.Phase == FaultPhases.Active);
            await stdout.WriteLineAsync(
                !held ? $"node {node} was not held by an active {type} fault"
                : type == FaultTypes.NodeStop ? $"node {node} powered on"
                : $"node {node} reconnected to the control plane").ConfigureAwait(false);
            return 0;
        });

    /// <summary>list: the server's Table of faults (ages in cluster time), as kubectl get faults prints it.</summary>
    public Task<int> ListAsync(string kubeconfig, CancellationToken cancellationToken) =>
        WithClusterAsync(kubeconfig, async api =>
        {
            var reply = await api.SendAsync(HttpMethod.Get, FaultsPath, accept: TableAccept, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!reply.IsSuccess)
            {
                return await Fail(1, $"error: {reply.Error()}").ConfigureAwait(false);
            }

            using var table = JsonDocument.Parse(reply.Body);
            var columns = table.RootElement.GetProperty("columnDefinitions").EnumerateArray()
                .Select((c, i) => (Index: i, Name: c.GetProperty("name").GetString()!.ToUpperInvariant(), Priority: c.GetProperty("priority").GetInt32()))
                .Where(c => c.Priority == 0)
                .ToList();
            var rows = table.RootElement.GetProperty("rows").EnumerateArray()
                .Select(r => r.GetProperty("cells").EnumerateArray().ToList())
                .Select(cells => columns.Select(c => Cell(cells[c.Index])).ToList())
                .ToList();
            if (rows.Count == 0)
            {
                await stderr.WriteLineAsync("No faults found.").ConfigureAwait(false);
                return 0;
            }

            await stdout.WriteAsync(Format([columns.Select(c => c.Name).ToList(), .. rows])).ConfigureAwait(false);
            return 0;
        });

    /// <summary>Rows as kubectl's tabwriter prints them: each column as wide as its widest cell, three spaces apart.</summary>
    public static string Format(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Count).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                sb.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(widths[i] + 3));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.String => cell.GetString()!,
        JsonValueKind.Number => cell.GetRawText(),
        JsonValueKind.Null => "",
        _ => cell.GetRawText(),
    };

    private async Task<int?> CheckNodeAsync(ClusterConnection api, string node, CancellationToken cancellationToken)
    {
        var reply = await api.SendAsync(HttpMethod.Get, $"api/v1/nodes/{Uri.EscapeDataString(node)}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return reply.Code == 404 ? await Fail(1, $"error: node \"{node}\" not found (kubectl get nodes lists them)").ConfigureAwait(false)
            : reply.IsSuccess ? null
            : await Fail(1, $"error: {reply.Error()}").ConfigureAwait(false);
    }

    private async Task<int> WithClusterAsync(string kubeconfig, Func<ClusterConnection, Task<int>> run)
    {
        if (!File.Exists(kubeconfig))
        {
            return await Fail(2, $"error: no kubeconfig at {kubeconfig}: start a cluster with `actorkube up`, or pass --kubeconfig or --data-dir").ConfigureAwait(false);
        }

        ClusterConnection api;
        try
        {
            api = ClusterConnection.Open(kubeconfig);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException or UriFormatException or FormatException or System.Security.Cryptography.CryptographicException or IOException)
        {
            return await Fail(2, $"error: cannot read the kubeconfig {kubeconfig}: {e.Message}").ConfigureAwait(false);
        }

        using (api)
        {
            try
            {
                return await run(api).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return await Fail(1, $"error: cannot reach the cluster at {api.Server.GetLeftPart(UriPartial.Authority)}: {e.Message} (is it running? `actorkube up` starts one)").ConfigureAwait(false);
            }
            catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
            {
                return await Fail(1, $"error: the cluster at {api.Server.GetLeftPart(UriPartial.Authority)} did not answer in time").ConfigureAwait(false);
            }
        }
    }

    private async Task<int> Fail(int code, string message)
    {
        await stderr.WriteLineAsync(message).ConfigureAwait(false);
        return code;
    }
}

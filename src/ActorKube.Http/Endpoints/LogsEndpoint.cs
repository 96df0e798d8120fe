using System.Globalization;
using System.Text;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Http.Hosting;
using ActorKube.Node.Kubelet;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Endpoints;

/// <summary>
/// GET pods/{name}/log: the apiserver finds the pod's node and proxies the request to that node's
/// kubelet, as kube-apiserver does. Query: container, tailLines, previous, limitBytes, follow (the
/// kubelet is asked again each second and new text is streamed until the container ends or the client goes).
/// </summary>
internal sealed class LogsEndpoint(KubeApiBackend backend, ResourceEndpoints resources)
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    public async Task HandleAsync(ApiCall call)
    {
        var container = call.Query("container");
        var previous = call.Query("previous") == "true";
        var follow = call.Query("follow") == "true";
        var tail = OptionalLong(call, "tailLines");
        var limitBytes = OptionalLong(call, "limitBytes");
        var pod = (V1Pod)ResourceEndpoints.Unwrap(await resources.SendAsync(call, new GetObject(Resources.Pods, call.Namespace, call.Name) { From = call.From }).ConfigureAwait(false));
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            var name = container ?? pod.Spec?.Containers?.FirstOrDefault()?.Name;
            throw new ApiException(StatusErrors.BadRequest($"container \"{name}\" in pod \"{call.Name}\" is waiting to start: the pod is not scheduled to a node yet"));
        }

        var logs = await backend.PodLogs(pod.Spec.NodeName, new GetPodLogs(call.Namespace!, call.Name, container, tail, previous), call.Http.RequestAborted).ConfigureAwait(false);
        if (logs.Error is { } error)
        {
            throw new ApiException(error);
        }

        var response = call.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        var text = logs.Text ?? "";
        if (limitBytes is { } limit && Encoding.UTF8.GetByteCount(text) > limit)
        {
            text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), 0, (int)limit);
        }

        await response.WriteAsync(text, call.Http.RequestAborted).ConfigureAwait(false);
        if (!follow || previous)
        {
            return;
        }

        // Follow: everything the kubelet has is sent; ask again for the whole log and send what is new.
        var sent = (await backend.PodLogs(pod.Spec.NodeName, new GetPodLogs(call.Namespace!, call.Name, container), call.Http.RequestAborted).ConfigureAwait(false)).Text?.Length ?? 0;
        try
        {
            while (!call.Http.RequestAborted.IsCancellationRequested)
            {
                await response.Body.FlushAsync(call.Http.RequestAborted).ConfigureAwait(false);
                await Task.Delay(FollowInterval, call.Http.RequestAborted).ConfigureAwait(false);
                var now = await backend.PodLogs(pod.Spec.NodeName, new GetPodLogs(call.Namespace!, call.Name, container), call.Http.RequestAborted).ConfigureAwait(false);
                if (now.Error is not null)
                {
                    return; // the pod or its container is gone: the stream ends
                }

                var all = now.Text ?? "";
                if (all.Length > sent)
                {
                    await response.WriteAsync(all[sent..], call.Http.RequestAborted).ConfigureAwait(false);
                    sent = all.Length;
                }
                else if (all.Length < sent)
                {
                    sent = all.Length; // the container restarted: its log starts again
                }

                if (await ContainerEndedAsync(call, container).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the client stopped following
        }
    }

    private async Task<bool> ContainerEndedAsync(ApiCall call, string? container)
    {
        var reply = await resources.SendAsync(call, new GetObject(Resources.Pods, call.Namespace, call.Name) { From = call.From }).ConfigureAwait(false);
        if (reply.Object is not V1Pod pod)
        {
            return true;
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return true;
        }

        var status = pod.Status?.ContainerStatuses?.FirstOrDefault(s => container is null || s.Name == container);
        return status?.State?.Terminated is not null && pod.Spec?.RestartPolicy == "Never";
    }

    private static long? OptionalLong(ApiCall call, string name) =>
        call.Query(name) is not { Length: > 0 } v ? null
        : long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ApiException(StatusErrors.BadRequest($"{name} must be a non-negative integer, got \"{v}\""));
}

using Akka.Actor;
using ActorKube.Core.Time;
using ActorKube.Node.Kubelet;

namespace ActorKube.Http.Hosting;

/// <summary>Asks the kubelet of a node for logs (the apiserver's proxy to the kubelet for <c>pods/log</c>).</summary>
public delegate Task<LogsResult> PodLogSource(string nodeName, GetPodLogs request, CancellationToken cancellationToken);

/// <summary>What the HTTP front end talks to: the apiserver actor of this process, and the kubelets for logs.</summary>
public sealed record KubeApiBackend(ActorSystem System, IActorRef ApiServer, ClusterClock Clock, PodLogSource PodLogs);

using Akka.Actor;
using Akka.Cluster;
using ActorKube.Cluster.Hosting;
using ActorKube.Core.Time;

namespace ActorKube.Cluster.Roles;

/// <summary>Joining: wait until this member is Up, then take the cluster's clock from the oldest control plane.</summary>
public static class ClusterJoin
{
    public static async Task WaitUntilUpAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        var seeds = system.Settings.Config.GetStringList("akka.cluster.seed-nodes");
        if (seeds.Count == 0)
        {
            // The first process of a cluster: it is its own seed.
            await Akka.Cluster.Cluster.Get(system).JoinAsync(Akka.Cluster.Cluster.Get(system).SelfAddress, cancellationToken).ConfigureAwait(false);
        }

        var finished = await Task.WhenAny(up.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (finished != up.Task)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"could not join the cluster within {timeout.TotalSeconds:F0} s (seed nodes: {string.Join(", ", seeds)}); is a control plane running there?");
        }
    }

    /// <summary>
    /// The clock of the oldest control plane other than this process; null when this process is the oldest
    /// control plane (it makes the clock). Retries while the control plane starts its cluster-info actor.
    /// </summary>
    public static async Task<ClusterClock?> ClusterClockAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var oldest = cluster.State.Members
                .Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterRoles.ControlPlane))
                .OrderBy(m => m, Member.AgeOrdering)
                .FirstOrDefault();
            if (oldest is not null && oldest.Address == cluster.SelfAddress)
            {
                return null;
            }

            if (oldest is not null)
            {
                try
                {
                    var info = await system.ActorSelection(new RootActorPath(oldest.Address) / "user" / ClusterInfoActor.Name)
                        .Ask<ClusterClockInfo>(new GetClusterClock(), TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
                    return new ClusterClock(info.Scale, DateTimeOffset.FromUnixTimeMilliseconds(info.EmulatedEpochUnixMs), DateTimeOffset.FromUnixTimeMilliseconds(info.WallEpochUnixMs));
                }
                catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
                {
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no control plane answered with the cluster's clock");
            }

            await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        }
    }
}

using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ActorKube.Client;
using ActorKube.Cluster.Faults;
using ActorKube.Cluster.Provisioner;
using ActorKube.ControlPlane.Tests.Controllers.NodeLifecycle;
using ActorKube.Core.Controllers.Fault;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;
using ActorKube.Core.Time;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.Tests.Controllers.Fault;

/// <summary>The fault controller with a TestProbe as apiserver and one as node provisioner.</summary>
public class FaultControllerSpecs : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private readonly ClusterClock _clock = new(100);
    private readonly TestProbe _provisioner;

    public FaultControllerSpecs()
    {
        EventRecorder.Enabled = true;
        _provisioner = CreateTestProbe();
    }

    private static V1alpha1Fault Fault(string phase = FaultPhases.Pending, bool finalizer = true, string? duration = null, DateTime? startedAt = null, string type = FaultTypes.NodeStop) => new()
    {
        ApiVersion = "chaos.actorkube.io/v1alpha1",
        Kind = "Fault",
        Metadata = new V1ObjectMeta { Name = "stop-node-2", Uid = "uid-f", Finalizers = finalizer ? [FaultReconciler.LiftFinalizer] : null },
        Spec = new V1alpha1FaultSpec { Type = type, Node = "node-2", Duration = duration },
        Status = new V1alpha1FaultStatus { Phase = phase, StartedAt = startedAt },
    };

    private ApiServerProbe Start(params V1alpha1Fault[] faults)
    {
        var api = new ApiServerProbe(CreateTestProbe());
        Sys.ActorOf(FaultControllerActor.Props(api.Ref, _provisioner.Ref, _clock), ActorNames.ChaosControllerManager);
        api.Serve(new Dictionary<ResourceInfo, IKubernetesObject<V1ObjectMeta>[]> { [Resources.Faults] = faults }, informers: 1);
        return api;
    }

    private static V1alpha1FaultStatus StatusWrite(ApiServerProbe api) =>
        ((V1alpha1Fault)api.Next<UpdateObject>(u => u.Subresource == "status", Long).Object).Status!;

    [Fact]
    public void A_new_fault_gets_its_finalizer_then_the_node_is_powered_off_then_it_is_Active()
    {
        var api = Start(Fault(finalizer: false));

        var withFinalizer = (V1alpha1Fault)api.Next<UpdateObject>(u => u.Subresource is null, Long).Object;
        Assert.Equal([FaultReconciler.LiftFinalizer], withFinalizer.Metadata.Finalizers);
        _provisioner.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        api.Push(WatchEventType.Modified, withFinalizer);
        var stop = _provisioner.ExpectMsg<StopNode>(Long);
        Assert.Equal("node-2", stop.Name);
        api.CollectFor(TimeSpan.FromMilliseconds(200));
        Assert.DoesNotContain(api.All, m => m is UpdateObject { Subresource: "status" });

        _provisioner.Reply(new NodeCommandResult("node-2", true, "node node-2 powered off", stop.RequestId));
        var status = StatusWrite(api);
        Assert.Equal((FaultPhases.Active, "node node-2 powered off"), (status.Phase, status.Message));
        Assert.NotNull(status.StartedAt);
        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "Injected", "Node node-2 powered off"), Long);
    }

    [Fact]
    public void A_refused_injection_is_a_Failed_fault_with_the_reason()
    {
        var api = Start(Fault());

        var stop = _provisioner.ExpectMsg<StopNode>(Long);
        _provisioner.Reply(new NodeCommandResult("node-2", false, "node node-2 is not known to the provisioner", stop.RequestId));

        var status = StatusWrite(api);
        Assert.Equal((FaultPhases.Failed, "node node-2 is not known to the provisioner"), (status.Phase, status.Message));
        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "Failed"), Long);
    }

    [Fact]
    public void Deleting_an_active_partition_heals_the_node_before_the_finalizer_goes()
    {
        var active = Fault(FaultPhases.Active, startedAt: _clock.UtcNow, type: FaultTypes.NodePartition);
        var api = Start(active);
        var reassert = _provisioner.ExpectMsg<PartitionNode>(Long);
        _provisioner.Reply(new NodeCommandResult("node-2", true, "ok", reassert.RequestId));

        var deleting = KubeSerializer.DeepCopy(active);
        deleting.Metadata.DeletionTimestamp = _clock.UtcNow;
        api.Push(WatchEventType.Modified, deleting);
        var heal = _provisioner.ExpectMsg<HealNode>(Long);
        api.CollectFor(TimeSpan.FromMilliseconds(200));
        Assert.DoesNotContain(api.All, m => m is UpdateObject);

        _provisioner.Reply(new NodeCommandResult("node-2", true, "node node-2 reconnected to the control plane", heal.RequestId));
        var removed = (V1alpha1Fault)api.Next<UpdateObject>(u => u.Subresource is null, Long).Object;
        Assert.Null(removed.Metadata.Finalizers);
    }

    [Fact]
    public void When_its_duration_has_passed_the_node_is_powered_on_and_the_fault_Ended()
    {
        // 60 s of cluster time at scale 100: 0.6 s of wall time, 59 s of it gone already.
        var api = Start(Fault(FaultPhases.Active, duration: "60s", startedAt: _clock.UtcNow.AddSeconds(-59)));

        // Asserted again (StopNode) if the controller looks before the end, then powered on.
        var start = (StartNode)_provisioner.FishForMessage(
            m =>
            {
                if (m is StopNode stop)
                {
                    api.Controller.Tell(new NodeCommandResult("node-2", true, "ok", stop.RequestId), _provisioner.Ref);
                }

                return m is StartNode;
            },
            Long);
        _provisioner.Reply(new NodeCommandResult("node-2", true, "node node-2 powered on", start.RequestId));
        var status = StatusWrite(api);
        Assert.Equal((FaultPhases.Ended, "ended after 60s: node node-2 powered on"), (status.Phase, status.Message));
        Assert.NotNull(status.EndedAt);
    }

    [Fact]
    public void A_failed_write_is_retried_from_the_newer_state()
    {
        var api = Start(Fault(finalizer: false));

        var first = api.Next<UpdateObject>(u => u.Subresource is null, Long);
        api.Controller.Tell(ApiResponse.Fail(first.Tag, Core.Api.StatusErrors.Conflict(Resources.Faults, "stop-node-2", "the object has been modified")), api.Ref);
        var again = api.Next<UpdateObject>(u => u.Subresource is null, Long);
        Assert.Equal([FaultReconciler.LiftFinalizer], again.Object.Metadata.Finalizers);
    }
}

using Akka.Actor;
using ActorKube.Client;
using ActorKube.Node.Kubelet;
using Akka.TestKit.Xunit2;

namespace ActorKube.Node.Tests;

public class StatusManagerSpecs : TestKit
{
    private static V1Pod Pod(string phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u1", ResourceVersion = "7" },
        Spec = new V1PodSpec(),
        Status = new V1PodStatus { Phase = phase },
    };

    [Fact]
    public void One_write_in_flight_per_pod_and_only_the_latest_status_follows()
    {
        var api = CreateTestProbe();
        var sm = Sys.ActorOf(StatusManagerActor.Props("n1", api.Ref));

        sm.Tell(new PodStatusUpdate(Pod("Pending"), false));
        sm.Tell(new PodStatusUpdate(Pod("Running"), false));
        sm.Tell(new PodStatusUpdate(Pod("Succeeded"), false));

        var first = api.ExpectMsg<UpdateObject>();
        var sender = api.LastSender;
        Assert.Equal("status", first.Subresource);
        Assert.Equal("Pending", ((V1Pod)first.Object).Status.Phase);
        Assert.Null(first.Object.Metadata.ResourceVersion);
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        sender.Tell(ApiResponse.Ok(first.Tag, first.Object));
        var second = api.ExpectMsg<UpdateObject>();
        Assert.Equal("Succeeded", ((V1Pod)second.Object).Status.Phase);
        api.Reply(ApiResponse.Ok(second.Tag, second.Object));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Deletes_the_pod_with_grace_period_zero_after_its_final_status_is_written()
    {
        var api = CreateTestProbe();
        var sm = Sys.ActorOf(StatusManagerActor.Props("n1", api.Ref));

        sm.Tell(new PodStatusUpdate(Pod("Succeeded"), true));
        var write = api.ExpectMsg<UpdateObject>();
        var sender = api.LastSender;
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        sender.Tell(ApiResponse.Ok(write.Tag, write.Object));

        var delete = api.ExpectMsg<DeleteObject>();
        Assert.Equal(("default", "p"), (delete.Namespace, delete.Name));
        Assert.Equal(0, delete.Options!.GracePeriodSeconds);
        Assert.Equal("u1", delete.Options.Preconditions.Uid);
    }

    [Fact]
    public void A_pod_that_is_gone_is_not_written_again()
    {
        var api = CreateTestProbe();
        var sm = Sys.ActorOf(StatusManagerActor.Props("n1", api.Ref));

        sm.Tell(new PodStatusUpdate(Pod("Running"), false));
        var write = api.ExpectMsg<UpdateObject>();
        api.Reply(ApiResponse.Fail(write.Tag, ActorKube.Core.Api.StatusErrors.NotFound(ActorKube.Core.Objects.Resources.Pods, "p")));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void While_partitioned_the_latest_status_is_kept_and_written_on_heal()
    {
        var api = CreateTestProbe();
        var sm = Sys.ActorOf(StatusManagerActor.Props("n1", api.Ref));

        sm.Tell(Partition.Instance);
        sm.Tell(new PodStatusUpdate(Pod("Pending"), false));
        sm.Tell(new PodStatusUpdate(Pod("Running"), false));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        sm.Tell(Heal.Instance);
        var write = api.ExpectMsg<UpdateObject>();
        Assert.Equal("Running", ((V1Pod)write.Object).Status.Phase);
        api.Reply(ApiResponse.Ok(write.Tag, write.Object));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_write_lost_in_the_partition_is_sent_again_on_heal_and_the_delete_follows()
    {
        var api = CreateTestProbe();
        var sm = Sys.ActorOf(StatusManagerActor.Props("n1", api.Ref));

        sm.Tell(new PodStatusUpdate(Pod("Running"), false));
        var lost = api.ExpectMsg<UpdateObject>();
        sm.Tell(Partition.Instance);
        sm.Tell(new PodStatusUpdate(Pod("Succeeded"), true));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        sm.Tell(Heal.Instance);
        var again = api.ExpectMsg<UpdateObject>();
        var sender = api.LastSender;
        Assert.Equal("Succeeded", ((V1Pod)again.Object).Status.Phase);
        Assert.NotEqual(lost.Tag, again.Tag);

        // A late answer to the lost write changes nothing; the answer to the new one brings the delete.
        sender.Tell(ApiResponse.Ok(lost.Tag, lost.Object));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        sender.Tell(ApiResponse.Ok(again.Tag, again.Object));
        Assert.Equal("p", api.ExpectMsg<DeleteObject>().Name);
    }

    [Fact]
    public void A_delete_due_during_the_partition_waits_for_heal()
    {
        var api = CreateTestProbe();
        var sm = Sys.ActorOf(StatusManagerActor.Props("n1", api.Ref));

        sm.Tell(new PodStatusUpdate(Pod("Succeeded"), true));
        var write = api.ExpectMsg<UpdateObject>();
        sm.Tell(Partition.Instance);
        api.Reply(ApiResponse.Ok(write.Tag, write.Object));
        api.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        sm.Tell(Heal.Instance);
        Assert.Equal("u1", api.ExpectMsg<DeleteObject>().Options!.Preconditions.Uid);
    }
}

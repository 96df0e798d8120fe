using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class EventPrinterTests
{
    private static Corev1Event Event() => new()
    {
        Metadata = Meta("web-1.17c2a3f4"),
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web-1", NamespaceProperty = "default", FieldPath = "spec.containers{web}" },
        Type = "Normal",
        Reason = "Pulled",
        Message = "  Container image \"nginx\" already present on machine\n",
        Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
        FirstTimestamp = Now.AddMinutes(-10),
        LastTimestamp = Now.AddMinutes(-2),
        Count = 3,
    };

    [Fact]
    public void Core_event_cells_with_wide_columns()
    {
        Assert.Equal(
            new object[] { "2m", "Normal", "Pulled", "pod/web-1", "spec.containers{web}", "kubelet, node-1", "Container image \"nginx\" already present on machine", "10m", 3L, "web-1.17c2a3f4" },
            EventPrinter.Cells(Event(), Now));
    }

    [Fact]
    public void Columns_are_those_of_kube_apiserver()
    {
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"], EventPrinter.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 1, 1, 0, 1, 1, 1], EventPrinter.Columns.Select(c => c.Priority));
        Assert.Equal("name", EventPrinter.Columns[^1].Format);
    }

    [Fact]
    public void Last_seen_falls_back_to_first_seen()
    {
        var ev = Event();
        ev.LastTimestamp = null;
        Assert.Equal("10m", EventPrinter.Cells(ev, Now)[0]);
    }

    [Fact]
    public void New_api_event_uses_event_time_series_and_reporting_controller()
    {
        var ev = Event();
        ev.FirstTimestamp = null;
        ev.LastTimestamp = null;
        ev.Count = null;
        ev.EventTime = Now.AddSeconds(-45);
        ev.Source = null;
        ev.ReportingComponent = "default-scheduler";
        ev.ReportingInstance = "";

        var cells = EventPrinter.Cells(ev, Now);
        Assert.Equal(new object[] { "45s", "default-scheduler", "45s", 1L }, new[] { cells[0], cells[5], cells[7], cells[8] });

        ev.Series = new Corev1EventSeries { Count = 7, LastObservedTime = Now.AddSeconds(-5) };
        cells = EventPrinter.Cells(ev, Now);
        Assert.Equal(new object[] { "5s", "45s", 7L }, new[] { cells[0], cells[7], cells[8] });
    }

    [Fact]
    public void Object_without_name_is_the_lower_case_kind()
    {
        var ev = Event();
        ev.InvolvedObject = new V1ObjectReference { Kind = "Node" };
        Assert.Equal("node", EventPrinter.Cells(ev, Now)[3]);
    }
}

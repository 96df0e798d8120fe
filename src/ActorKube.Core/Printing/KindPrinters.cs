using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Printing;

/// <summary>The printer of each kind ActorKube serves; other kinds get the default NAME / CREATED AT table.</summary>
public static class KindPrinters
{
    private static readonly Dictionary<Type, KindPrinter> ByType = new()
    {
        [typeof(V1Pod)] = PodPrinter.Printer,
        [typeof(V1Node)] = NodePrinter.Printer,
        [typeof(V1Namespace)] = NamespacePrinter.Printer,
        [typeof(Corev1Event)] = EventPrinter.Printer,
        [typeof(V1Service)] = ServicePrinter.Printer,
        [typeof(V1Endpoints)] = EndpointsPrinter.Printer,
        [typeof(V1ConfigMap)] = ConfigMapPrinter.Printer,
        [typeof(V1Secret)] = SecretPrinter.Printer,
        [typeof(V1Deployment)] = DeploymentPrinter.Printer,
        [typeof(V1ReplicaSet)] = ReplicaSetPrinter.Printer,
        [typeof(V1StatefulSet)] = StatefulSetPrinter.Printer,
        [typeof(V1DaemonSet)] = DaemonSetPrinter.Printer,
        [typeof(V1ControllerRevision)] = ControllerRevisionPrinter.Printer,
        [typeof(V1Job)] = JobPrinter.Printer,
        [typeof(V1CronJob)] = CronJobPrinter.Printer,
        [typeof(V1Lease)] = LeasePrinter.Printer,
        [typeof(V1EndpointSlice)] = EndpointSlicePrinter.Printer,
        [typeof(V1Ingress)] = IngressPrinter.Printer,
        [typeof(V1PodDisruptionBudget)] = PodDisruptionBudgetPrinter.Printer,
        [typeof(V1alpha1Fault)] = FaultPrinter.Printer,
    };

    public static KindPrinter For(ResourceInfo resource) => ByType.GetValueOrDefault(resource.ClrType, DefaultPrinter.Printer);

    public static bool HasPrinter(ResourceInfo resource) => ByType.ContainsKey(resource.ClrType);
}

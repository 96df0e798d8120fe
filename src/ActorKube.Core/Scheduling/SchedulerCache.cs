namespace ActorKube.Core.Scheduling;

/// <summary>
/// The scheduler's view of the cluster (internal/cache): nodes with the pods assigned to them, plus
/// pods the scheduler has assumed onto a node before the binding is seen through the watch. An
/// assumed pod counts against its node until the informer shows it bound (confirmed) or the binding
/// fails (forgotten). Single-threaded: owned by the scheduler actor, which also uses it as the
/// snapshot of a scheduling cycle.
/// </summary>
public sealed class SchedulerCache
{
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (PodInfo Pod, string NodeName)> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assumed = new(StringComparer.Ordinal);
    private NodeInfo[] _list = [];
    private bool _listDirty;

    /// <summary>Nodes that exist (not those only known from their pods), in a stable order.</summary>
    public IReadOnlyList<NodeInfo> NodeList => Nodes;

    /// <summary>The same as an array, for the filter loop (no interface dispatch per node).</summary>
    internal NodeInfo[] Nodes
    {
        get
        {
            if (_listDirty)
            {
                _list = [.. _nodes.Values.Where(n => n.Node is not null)];
                _listDirty = false;
            }

            return _list;
        }
    }

    public int NodeCount => NodeList.Count;

    public int PodCount => _pods.Count;

    public int AssumedCount => _assumed.Count;

    public NodeInfo? GetNode(string name) => _nodes.TryGetValue(name, out var n) && n.Node is not null ? n : null;

    public bool IsAssumed(string podKey) => _assumed.Contains(podKey);

    public bool Contains(string podKey) => _pods.ContainsKey(podKey);

    public string? NodeOf(string podKey) => _pods.TryGetValue(podKey, out var p) ? p.NodeName : null;

    public void AddNode(V1Node node) => UpdateNode(node);

    public void UpdateNode(V1Node node)
    {
        if (_nodes.TryGetValue(node.Metadata.Name, out var info))
        {
            if (info.Node is null)
            {
                _listDirty = true;
            }

            info.SetNode(node);
        }
        else
        {
            _nodes[node.Metadata.Name] = new NodeInfo(node);
            _listDirty = true;
        }
    }

    /// <summary>Removes the node; its pods stay accounted on a ghost entry until they are deleted.</summary>
    public void RemoveNode(string name)
    {
        if (!_nodes.TryGetValue(name, out var info))
        {
            return;
        }

        if (info.PodCount == 0)
        {
            _nodes.Remove(name);
        }
        else
        {
            info.ClearNode();
        }

        _listDirty = true;
    }

    /// <summary>Counts the pod on the node before the binding is confirmed (Cache.AssumePod).</summary>
    public void AssumePod(PodInfo pod, string nodeName)
    {
        Remove(pod.Key);
        Place(pod, nodeName);
        _assumed.Add(pod.Key);
    }

    /// <summary>The binding failed: undo the assumption (Cache.ForgetPod).</summary>
    public void ForgetPod(string podKey)
    {
        if (_assumed.Remove(podKey))
        {
            Remove(podKey);
        }
    }

    /// <summary>
    /// A pod seen bound through the informer (add or update): confirms an assumption, moving the pod
    /// if it was bound elsewhere than assumed. Terminal pods free their resources.
    /// </summary>
    public void AddOrUpdatePod(V1Pod pod) => AddOrUpdatePod(new PodInfo(pod));

    public void AddOrUpdatePod(PodInfo pod)
    {
        if (!PodInfo.IsAssigned(pod.Pod) || PodInfo.IsTerminal(pod.Pod))
        {
            RemovePod(pod.Key);
            return;
        }

        _assumed.Remove(pod.Key);
        Remove(pod.Key);
        Place(pod, pod.NodeName);
    }

    public void RemovePod(string podKey)
    {
        _assumed.Remove(podKey);
        Remove(podKey);
    }

    private void Place(PodInfo pod, string nodeName)
    {
        if (!_nodes.TryGetValue(nodeName, out var info))
        {
            info = new NodeInfo(nodeName);
            _nodes[nodeName] = info;
        }

        info.AddPod(pod);
        _pods[pod.Key] = (pod, nodeName);
    }

    private void Remove(string podKey)
    {
        if (!_pods.Remove(podKey, out var old))
        {
            return;
        }

        if (_nodes.TryGetValue(old.NodeName, out var info))
        {
            info.RemovePod(podKey);
            if (info.Node is null && info.PodCount == 0)
            {
                _nodes.Remove(old.NodeName);
            }
        }
    }
}

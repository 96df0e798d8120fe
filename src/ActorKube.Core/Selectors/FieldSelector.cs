using System.Globalization;
using System.Text;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> or <c>field!=value</c>.</summary>
public sealed record FieldRequirement(string Field, bool Equal, string Value)
{
    public override string ToString() => $"{Field}{(Equal ? "=" : "!=")}{FieldSelector.Escape(Value)}";
}

/// <summary>
/// A parsed field selector (apimachinery pkg/fields) bound to one kind: only the fields that kind's
/// registry supports (as in Kubernetes' GetAttrs / field label conversion funcs) are accepted.
/// Values are read by a per-field accessor compiled at parse time, so <see cref="Matches"/> does no reflection.
/// </summary>
public sealed class FieldSelector
{
    private readonly Func<object, string>[] _getters;

    private FieldSelector(ResourceInfo resource, IReadOnlyList<FieldRequirement> requirements, Func<object, string>[] getters)
    {
        Resource = resource;
        Requirements = requirements;
        _getters = getters;
    }

    public ResourceInfo Resource { get; }

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Parses <c>a=b,c==d,e!=f</c> (with <c>\,</c>, <c>\=</c>, <c>\\</c> escapes). Bad syntax or an unsupported field: 400.</summary>
    public static FieldSelector Parse(string? selector, ResourceInfo resource)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return new FieldSelector(resource, [], []);
        }

        var reqs = new List<FieldRequirement>();
        foreach (var term in SplitTerms(selector))
        {
            if (term.Length == 0)
            {
                continue;
            }

            var (lhs, op, rhs, ok) = SplitTerm(term);
            if (!ok)
            {
                throw new ApiException(StatusErrors.BadRequest($"invalid selector: '{selector}'; can't understand '{term}'"));
            }

            reqs.Add(new FieldRequirement(lhs, op != "!=", Unescape(rhs, selector)));
        }

        reqs.Sort((a, b) => string.CompareOrdinal(a.Field, b.Field));
        var getters = new Func<object, string>[reqs.Count];
        for (var i = 0; i < reqs.Count; i++)
        {
            getters[i] = Getter(resource, reqs[i].Field)
                ?? throw new ApiException(StatusErrors.BadRequest($"field label not supported: {reqs[i].Field}"));
        }

        return new FieldSelector(resource, reqs, getters);
    }

    public static bool IsSupported(ResourceInfo resource, string field) => Getter(resource, field) is not null;

    public bool Matches(object obj)
    {
        for (var i = 0; i < _getters.Length; i++)
        {
            var r = Requirements[i];
            var actual = _getters[i](obj);
            if (string.Equals(actual, r.Value, StringComparison.Ordinal) != r.Equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value the selector requires for <paramref name="field"/> with = or ==, e.g. spec.nodeName for kubelet watches.</summary>
    public bool TryGetEquality(string field, out string value)
    {
        foreach (var r in Requirements)
        {
            if (r.Equal && r.Field == field)
            {
                value = r.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>The value of a supported field of an object, as the selector compares it ("" when unset).</summary>
    public static string? ValueOf(ResourceInfo resource, string field, object obj) => Getter(resource, field)?.Invoke(obj);

    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    private static string Bool(bool? b) => b == true ? "true" : "false";

    private static string Meta(object o, bool ns) => o is IMetadata<V1ObjectMeta> m ? (ns ? m.Metadata?.NamespaceProperty : m.Metadata?.Name) ?? "" : "";

    /// <summary>The field accessors of each kind, as registered by Kubernetes' strategies (GetAttrs / AddFieldLabelConversionFunc).</summary>
    private static Func<object, string>? Getter(ResourceInfo resource, string field)
    {
        switch (field)
        {
            case "metadata.name":
                return o => Meta(o, false);
            case "metadata.namespace":
                return o => Meta(o, true);
        }

        return resource.Kind switch
        {
            "Pod" => field switch
            {
                "spec.nodeName" => o => ((V1Pod)o).Spec?.NodeName ?? "",
                "spec.restartPolicy" => o => ((V1Pod)o).Spec?.RestartPolicy ?? "",
                "spec.schedulerName" => o => ((V1Pod)o).Spec?.SchedulerName ?? "",
                "spec.serviceAccountName" => o => ((V1Pod)o).Spec?.ServiceAccountName ?? "",
                "spec.hostNetwork" => o => Bool(((V1Pod)o).Spec?.HostNetwork),
                "status.phase" => o => ((V1Pod)o).Status?.Phase ?? "",
                "status.podIP" => o => ((V1Pod)o).Status is { } s ? (s.PodIPs is { Count: > 0 } ips ? ips[0].Ip : s.PodIP) ?? "" : "",
                "status.nominatedNodeName" => o => ((V1Pod)o).Status?.NominatedNodeName ?? "",
                _ => null,
            },
            "Node" => field switch
            {
                "spec.unschedulable" => o => Bool(((V1Node)o).Spec?.Unschedulable),
                _ => null,
            },
            "Event" => field switch
            {
                "involvedObject.kind" => o => ((Corev1Event)o).InvolvedObject?.Kind ?? "",
                "involvedObject.namespace" => o => ((Corev1Event)o).InvolvedObject?.NamespaceProperty ?? "",
                "involvedObject.name" => o => ((Corev1Event)o).InvolvedObject?.Name ?? "",
                "involvedObject.uid" => o => ((Corev1Event)o).InvolvedObject?.Uid ?? "",
                "involvedObject.apiVersion" => o => ((Corev1Event)o).InvolvedObject?.ApiVersion ?? "",
                "involvedObject.resourceVersion" => o => ((Corev1Event)o).InvolvedObject?.ResourceVersion ?? "",
                "involvedObject.fieldPath" => o => ((Corev1Event)o).InvolvedObject?.FieldPath ?? "",
                "reason" => o => ((Corev1Event)o).Reason ?? "",
                "reportingComponent" => o => ((Corev1Event)o).ReportingComponent ?? "",
                "source" => o => ((Corev1Event)o).Source?.Component ?? "",
                "type" => o => ((Corev1Event)o).Type ?? "",
                _ => null,
            },
            "Secret" => field == "type" ? o => ((V1Secret)o).Type ?? "" : null,
            "Namespace" => field == "status.phase" ? o => ((V1Namespace)o).Status?.Phase ?? "" : null,
            "ReplicaSet" => field == "status.replicas"
                ? o => (((V1ReplicaSet)o).Status?.Replicas ?? 0).ToString(CultureInfo.InvariantCulture)
                : null,
            "Job" => field == "status.successful"
                ? o => (((V1Job)o).Status?.Succeeded ?? 0).ToString(CultureInfo.InvariantCulture)
                : null,
            _ => null,
        };
    }

    private static List<string> SplitTerms(string s)
    {
        var terms = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                sb.Append(c).Append(s[++i]);
            }
            else if (c == ',')
            {
                terms.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        terms.Add(sb.ToString());
        return terms;
    }

    private static (string Lhs, string Op, string Rhs, bool Ok) SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            foreach (var op in (ReadOnlySpan<string>)["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return (term[..i].Trim(), op, term[(i + op.Length)..], true);
                }
            }
        }

        return ("", "", "", false);
    }

    private static string Unescape(string value, string selector)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '='))
                {
                    throw new ApiException(StatusErrors.BadRequest($"invalid field selector: '{selector}': invalid escape sequence"));
                }

                sb.Append(value[++i]);
            }
            else if (c is ',' or '=')
            {
                throw new ApiException(StatusErrors.BadRequest($"invalid field selector: '{selector}': unescaped {c}"));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

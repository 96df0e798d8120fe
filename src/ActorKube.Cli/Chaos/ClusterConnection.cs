using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ActorKube.Core.Objects;
using k8s.Exceptions;

namespace ActorKube.Cli.Chaos;

/// <summary>
/// The cluster's Kubernetes REST API as a kubeconfig describes it (server, bearer token, certificate authority
/// of the current context, read with the KubernetesClient package), over a plain HttpClient with JSON bodies.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly HttpClient _http;

    private ClusterConnection(HttpClient http, Uri server)
    {
        _http = http;
        Server = server;
    }

    public Uri Server { get; }

    /// <summary>
    /// The kubeconfig to use, as the chaos commands document it: --kubeconfig, else the first file of $KUBECONFIG,
    /// else &lt;data-dir&gt;/kubeconfig (the one `actorkube up` writes; data dir ~/.actorkube by default).
    /// </summary>
    public static string ResolveKubeconfig(string? flag, string? dataDir, string? environment)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return flag;
        }

        if (!string.IsNullOrEmpty(environment))
        {
            var paths = environment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return paths.FirstOrDefault(File.Exists) ?? paths[0];
        }

        var dir = dataDir ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorkube");
        return Path.Combine(dir, "kubeconfig");
    }

    /// <summary>Reads the kubeconfig (which must exist): its current context's server, token and certificate authority.</summary>
    public static ClusterConnection Open(string kubeconfig)
    {
        var file = KubernetesClientConfiguration.LoadKubeConfig(kubeconfig);
        var context = file.Contexts?.FirstOrDefault(c => c.Name == file.CurrentContext)?.ContextDetails
            ?? throw new KubeConfigException($"its current context \"{file.CurrentContext}\" is not among its contexts");
        var cluster = file.Clusters?.FirstOrDefault(c => c.Name == context.Cluster)?.ClusterEndpoint
            ?? throw new KubeConfigException($"its cluster \"{context.Cluster}\" is not among its clusters");
        var token = file.Users?.FirstOrDefault(u => u.Name == context.User)?.UserCredentials?.Token;
        if (string.IsNullOrEmpty(cluster.Server))
        {
            throw new KubeConfigException($"its cluster \"{context.Cluster}\" has no server");
        }

        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(cluster.CertificateAuthorityData))
        {
            authorities.ImportFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(cluster.CertificateAuthorityData)));
        }
        else if (!string.IsNullOrEmpty(cluster.CertificateAuthority))
        {
            authorities.ImportFromPemFile(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kubeconfig))!, cluster.CertificateAuthority));
        }

        var handler = new HttpClientHandler();
        if (cluster.SkipTlsVerify)
        {
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }
        else if (authorities.Count > 0)
        {
            // Trust the kubeconfig's certificate authority (actorkube's self-signed serving certificate) as kubectl does.
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                return chain.Build(certificate);
            };
        }

        var server = new Uri(cluster.Server.TrimEnd('/') + "/");
        var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new ClusterConnection(http, server);
    }

    /// <summary>One request; <paramref name="accept"/> defaults to JSON. Network failures throw <see cref="HttpRequestException"/>.</summary>
    public async Task<ApiReply> SendAsync(HttpMethod method, string path, object? body = null, string accept = "application/json", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Accept.ParseAdd(accept);
        if (body is not null)
        {
            request.Content = new StringContent(KubeSerializer.ToJson(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return new ApiReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An answer of the API: the status code and the body (an object, a list, a Table or a Status).</summary>
public sealed record ApiReply(int Code, string Body)
{
    public bool IsSuccess => Code is >= 200 and < 300;

    public T Read<T>() => KubeSerializer.FromJson<T>(Body);

    /// <summary>kubectl's wording of a failure: "Error from server (NotFound): ...".</summary>
    public string Error()
    {
        try
        {
            var status = KubeSerializer.FromJson<V1Status>(Body);
            if (!string.IsNullOrEmpty(status?.Message))
            {
                return $"Error from server ({status.Reason}): {status.Message}";
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return $"the server answered {Code}: {Body.Trim()}";
    }
}

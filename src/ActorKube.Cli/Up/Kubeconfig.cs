using System.Text;

namespace ActorKube.Cli.Up;

/// <summary>The kubeconfig `actorkube up` writes: cluster, user and context "actorkube", namespace default.</summary>
public static class Kubeconfig
{
    public const string ContextName = "actorkube";

    /// <param name="caPem">The server's certificate (PEM) when it serves HTTPS, written as certificate-authority-data.</param>
    public static string Render(Uri server, string? token, string? caPem = null)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\n");
        sb.Append("kind: Config\n");
        sb.Append("clusters:\n");
        sb.Append($"- name: {ContextName}\n");
        sb.Append("  cluster:\n");
        sb.Append($"    server: {server.GetLeftPart(UriPartial.Authority)}\n");
        if (caPem is not null)
        {
            sb.Append($"    certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(caPem))}\n");
        }

        sb.Append("users:\n");
        sb.Append($"- name: {ContextName}\n");
        sb.Append(string.IsNullOrEmpty(token) ? "  user: {}\n" : $"  user:\n    token: \"{token.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n");
        sb.Append("contexts:\n");
        sb.Append($"- name: {ContextName}\n");
        sb.Append("  context:\n");
        sb.Append($"    cluster: {ContextName}\n");
        sb.Append($"    user: {ContextName}\n");
        sb.Append("    namespace: default\n");
        sb.Append($"current-context: {ContextName}\n");
        return sb.ToString();
    }

    /// <summary>Writes the kubeconfig readable by its owner only (it may hold the token).</summary>
    public static string Write(string dataDir, Uri server, string? token, string? caPem = null)
    {
        var path = Path.Combine(dataDir, "kubeconfig");
        File.WriteAllText(path, Render(server, token, caPem));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}

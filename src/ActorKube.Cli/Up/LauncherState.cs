using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorKube.Cli.Up;

/// <summary>One process `actorkube up` started.</summary>
public sealed record LaunchedProcess(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("akkaPort")] int AkkaPort,
    [property: JsonPropertyName("apiPort")] int? ApiPort,
    [property: JsonPropertyName("log")] string Log,
    [property: JsonPropertyName("args")] IReadOnlyList<string> Args);

/// <summary>
/// &lt;data-dir&gt;/state.json: what `actorkube up` started (names, PIDs, ports, logs, command lines), so that
/// `actorkube chaos kill-worker` and friends can act on the processes, and people can find the logs.
/// </summary>
public sealed record LauncherState(
    [property: JsonPropertyName("launcherPid")] int LauncherPid,
    [property: JsonPropertyName("kubeconfig")] string Kubeconfig,
    [property: JsonPropertyName("processes")] IReadOnlyList<LaunchedProcess> Processes)
{
    public const string FileName = "state.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public void Write(string dataDir) => File.WriteAllText(Path.Combine(dataDir, FileName), JsonSerializer.Serialize(this, Options));

    /// <summary>The state of a running `up`; a clear error when there is none.</summary>
    public static LauncherState Read(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no {FileName} in {dataDir}: is `actorkube up --data-dir {dataDir}` running?", path);
        }

        return JsonSerializer.Deserialize<LauncherState>(File.ReadAllText(path), Options)
            ?? throw new InvalidDataException($"{path} is empty");
    }
}

using YamlDotNet.RepresentationModel;

namespace ActorKube.Cli.Tests;

/// <summary>
/// docker/ cannot be run here (no Docker): check what can be checked. The image's entry point
/// (`dotnet actorkube.dll`) lists both roles, and every command line of the compose file parses with
/// the real CLI, so the compose file cannot drift from the flags.
/// </summary>
public sealed class DockerFilesTests
{
    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorKube.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("repository root not found"), .. parts]);
    }

    [Fact]
    public async Task The_entry_point_lists_both_roles()
    {
        var help = await Cli.RunAsync(TimeSpan.FromSeconds(60), "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("control-plane", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("worker", help.Stdout, StringComparison.Ordinal);
        var dockerfile = await File.ReadAllTextAsync(RepoFile("docker", "Dockerfile"));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"actorkube.dll\"]", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_compose_command_parses_with_the_cli()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoFile("docker", "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var commands = services.Children
            .Select(s => (Name: ((YamlScalarNode)s.Key).Value!, Service: (YamlMappingNode)s.Value))
            .Where(s => s.Service.Children.ContainsKey(new YamlScalarNode("command")))
            .Select(s => (s.Name, Args: ((YamlSequenceNode)s.Service.Children[new YamlScalarNode("command")]).Children.Select(a => ((YamlScalarNode)a).Value!).ToArray()))
            .ToList();

        Assert.Equal(["control-plane-1", "control-plane-2", "worker-1", "worker-2", "worker-3"], commands.Select(c => c.Name));
        foreach (var (name, args) in commands)
        {
            var parsed = CliApp.Build().Parse(args);
            Assert.True(parsed.Errors.Count == 0, $"{name}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            Assert.Equal(args[0], parsed.CommandResult.Command.Name);
        }
    }
}

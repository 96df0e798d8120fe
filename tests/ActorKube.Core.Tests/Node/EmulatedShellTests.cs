using ActorKube.Core.Node;

namespace ActorKube.Core.Tests.Node;

public class EmulatedShellTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 6, 1, 2, 3, TimeSpan.Zero);

    // script | log lines ("|" separated, "@Ns" suffix = printed at N seconds) | exit code (null = runs forever) | exit at (s)
    public static TheoryData<string, string, int?, double> Scripts => new()
    {
        { "echo hello", "hello", 0, 0 },
        { "echo \"hello world\"; echo 'single $HOME'", "hello world|single $HOME", 0, 0 },
        { "echo hello; exit 0", "hello", 0, 0 },
        { "exit 3", "", 3, 0 },
        { "echo a; exit 2; echo b", "a", 2, 0 },
        { "sleep 5; echo done", "done@5", 0, 5 },
        { "sleep 1m; exit 1", "", 1, 60 },
        { "date; echo Hello", "Fri Nov  6 01:02:03 UTC 2026|Hello", 0, 0 },
        { "sleep 2; date", "Fri Nov  6 01:02:05 UTC 2026@2", 0, 2 },
        { "date +%s", "1793926923", 0, 0 },
        { "true && echo yes || echo no", "yes", 0, 0 },
        { "false && echo yes || echo no", "no", 0, 0 },
        { "false; echo $?", "1", 0, 0 },
        { "false", "", 1, 0 },
        { "foo", "sh: foo: not found", 127, 0 },
        { "foo; echo after", "sh: foo: not found|after", 0, 0 },
        { "set -e; false; echo never", "", 1, 0 },
        { "NAME=kube; echo hi $NAME ${NAME}s", "hi kube kubes", 0, 0 },
        { "echo \"started at $(date)\"", "started at Fri Nov  6 01:02:03 UTC 2026", 0, 0 },
        { "for i in 1 2 3; do echo $i; sleep 1; done", "1|2@1|3@2", 0, 3 },
        { "echo -e 'a\\nb'", "a|b", 0, 0 },
        { "printf '%s-%s\\n' x y", "x-y", 0, 0 },
        { "echo quiet > /dev/null; echo loud 2>&1", "loud", 0, 0 },
        { "sleep infinity", "", null, 0 },
        { "tail -f /dev/null", "", null, 0 },
        { "echo a | grep a", "sh: grep: not found", 127, 0 },
        { "# comment\necho x # trailing", "x", 0, 0 },
        { "echo 'unterminated", "sh: unterminated quoted string", 2, 0 },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_becomes_a_plan(string script, string expectedLines, int? exitCode, double exitAt)
    {
        var plan = EmulatedShell.RunScript(script, Start);

        var printed = plan.Steps.OfType<PrintStep>().Select(p => p.At == TimeSpan.Zero ? p.Line : $"{p.Line}@{p.At.TotalSeconds}");
        Assert.Equal(expectedLines, string.Join("|", printed));
        Assert.Equal(exitCode, plan.Exit?.ExitCode);
        if (exitCode is not null)
        {
            Assert.Equal(TimeSpan.FromSeconds(exitAt), plan.Exit!.At);
        }
    }

    [Fact]
    public void Bash_reports_unknown_commands_like_bash()
    {
        var plan = EmulatedShell.RunScript("nope", Start, shellName: "bash");
        Assert.Equal("bash: line 1: nope: command not found", plan.Steps.OfType<PrintStep>().Single().Line);
    }

    [Fact]
    public void While_true_loop_prints_every_period_forever()
    {
        var plan = EmulatedShell.RunScript("echo start; while true; do echo tick; sleep 10; done", Start);

        Assert.True(plan.RunsForever);
        var loop = Assert.IsType<LoopStep>(plan.Steps[^1]);
        Assert.Equal(TimeSpan.FromSeconds(10), loop.Period);
        Assert.Equal(["start", "tick", "tick", "tick"], plan.LinesUntil(TimeSpan.FromSeconds(25), 100));
        Assert.Equal(["tick", "tick"], plan.LinesUntil(TimeSpan.FromSeconds(25), 2));
    }

    [Fact]
    public void Direct_argv_is_not_shell_parsed()
    {
        var plan = EmulatedShell.RunArgv(["echo", "a;", "$HOME"], Start);
        Assert.Equal("a; $HOME", plan.Steps.OfType<PrintStep>().Single().Line);
        Assert.Equal(0, plan.Exit!.ExitCode);
    }

    [Fact]
    public void Env_and_hostname_come_from_the_container()
    {
        var env = new Dictionary<string, string> { ["HOSTNAME"] = "web-1", ["GREETING"] = "hi" };
        var plan = EmulatedShell.RunScript("hostname; echo $GREETING", Start, env);
        Assert.Equal("web-1|hi", string.Join("|", plan.Steps.OfType<PrintStep>().Select(p => p.Line)));
    }
}

using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>A kubectl that keeps running (<c>get -w</c>): its stdout lines as they come; disposing kills it.</summary>
public sealed class KubectlStream : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _command;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _seen = new();
    private readonly StringBuilder _stderr = new();

    private KubectlStream(Process process, string command)
    {
        _process = process;
        _command = command;
    }

    internal static KubectlStream Start(ProcessStartInfo psi, string command)
    {
        var process = new Process { StartInfo = psi };
        var stream = new KubectlStream(process, command);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                stream._lines.Writer.TryComplete();
            }
            else
            {
                stream._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stream._stderr)
                {
                    stream._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        ChildProcesses.Track(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return stream;
    }

    /// <summary>Reads lines until one matches; fails with everything seen if none does within the limit or kubectl exits.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan limit, string what)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    _seen.AppendLine(line);
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"$ {_command}\nprinted no line with {what} within {limit.TotalSeconds:F0} s\nstdout so far:\n{_seen}\nstderr:\n{Stderr}");
        }

        Assert.Fail($"$ {_command}\nended without a line with {what}\nstdout:\n{_seen}\nstderr:\n{Stderr}");
        return "";
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcesses.KillTree(_process);
        await _process.WaitForExitAsync();
        ChildProcesses.Forget(_process);
        _process.Dispose();
    }
}

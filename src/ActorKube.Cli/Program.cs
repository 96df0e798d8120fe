using System.CommandLine;
using ActorKube.Cli;

// Ctrl+C and SIGTERM cancel the running command; give it time to stop the cluster cleanly.
return await CliApp.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);

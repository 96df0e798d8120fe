using System.CommandLine;
using ActorKube.Cli;

return await CliApp.Build().Parse(args).InvokeAsync().ConfigureAwait(false);

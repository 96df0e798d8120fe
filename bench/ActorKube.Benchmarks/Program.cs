using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ActorKube.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

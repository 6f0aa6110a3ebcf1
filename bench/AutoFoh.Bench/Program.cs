if (args.Length > 0 && args[0] == "jack-soak") return AutoFoh.Bench.JackSoak.Run(args[1..]);
if (args.Length > 0 && args[0] == "engine-soak") return AutoFoh.Bench.EngineSoak.Run(args[1..]);
if (args.Length > 0 && args[0] == "train-mix-predictor") return AutoFoh.Bench.TrainMixPredictor.Run(args[1..]);
if (args.Length > 0 && args[0] == "web-load") return await AutoFoh.Bench.WebLoad.Run(args[1..]);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

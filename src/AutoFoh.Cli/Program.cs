return AutoFoh.Cli.CliApp.Run(args);

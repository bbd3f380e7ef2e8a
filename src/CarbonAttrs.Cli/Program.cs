return CarbonAttrs.Cli.CliApplication.Run(args, Console.Out, Console.Error);

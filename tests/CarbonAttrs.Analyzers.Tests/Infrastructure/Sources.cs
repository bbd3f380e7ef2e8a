namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>Usings every test source starts with, so snippets stay short.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using CarbonAttrs;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    /// <summary>A tiny trainable model and a training run used by many tests.</summary>
    public const string TrainingRun = """
        static class Lib
        {
            public static void TrainRun(double lr)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
        }

        """;
}

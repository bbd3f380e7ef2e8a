using CarbonAttrs.Reliability.Tests.ChildWriter;

namespace CarbonAttrs.Reliability.Tests;

/// <summary>
/// Entry point when the test assembly runs as a child process (crash and multi-process cases); the
/// test runner never calls it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ChildWriterProgram.Verb)
            return ChildWriterProgram.Run(args.Skip(1).ToArray());
        if (args.Length > 0 && args[0] == Inputs.LogLevelTests.ProbeVerb)
            return Inputs.LogLevelTests.Probe();
        return 2;
    }
}

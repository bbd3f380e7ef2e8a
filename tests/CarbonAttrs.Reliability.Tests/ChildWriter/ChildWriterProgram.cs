namespace CarbonAttrs.Reliability.Tests.ChildWriter;

/// <summary>
/// A program that appends ledger rows through the real runtime, configured by CARBONATTRS_* variables:
/// <c>child-writer NAME COUNT FLUSH_EVERY [PAUSE_MS]</c> writes COUNT rows, each with its sequence number in the
/// <c>result</c> column (and as a hyperparameter, so every row has a quoted field) and NAME in
/// <c>experiment_id</c>, flushing every FLUSH_EVERY rows and then pausing PAUSE_MS (so a kill lands mid-stream).
/// </summary>
internal static class ChildWriterProgram
{
    public const string Verb = "child-writer";

    public static int Run(string[] args)
    {
        var name = args[0];
        var count = long.Parse(args[1]);
        var flushEvery = int.Parse(args[2]);
        var pauseMs = args.Length > 3 ? int.Parse(args[3]) : 0;
        var method = new Runtime.TrackedMethod("child-row", name, summarize: false, recordArguments: true, recordResult: true);
        for (long i = 0; i < count; i++)
        {
            var call = method.Begin();
            call.Argument("sequence", i);
            call.Argument("writer", name);
            call.Result(i);
            call.End();
            if ((i + 1) % flushEvery == 0)
            {
                CarbonTracker.Flush();
                if (pauseMs > 0)
                    Thread.Sleep(pauseMs);
                if (i + 1 == flushEvery)
                    Console.WriteLine("first-flush"); // the parent may start its clock (or its kill) now
            }
        }
        CarbonTracker.Flush();
        Console.WriteLine("done");
        return 0;
    }
}

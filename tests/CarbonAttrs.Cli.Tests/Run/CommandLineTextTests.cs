using CarbonAttrs.Cli.Running;

namespace CarbonAttrs.Cli.Tests.Run;

public sealed class CommandLineTextTests
{
    [Fact]
    public void The_command_is_written_as_a_shell_would_need_it()
    {
        Assert.Equal("python train.py --lr=0.1 'two words' '' 'it'\\''s'", CommandLineText.Join(new[] { "python", "train.py", "--lr=0.1", "two words", "", "it's" }));
    }

    [Fact]
    public void The_method_is_the_program_name_and_arguments_cut_at_80_characters()
    {
        Assert.Equal("python3 train.py", CommandLineText.ShortName(new[] { "/usr/bin/python3", "train.py" }));
        var name = CommandLineText.ShortName(new[] { "sh", "-c", new string('x', 200) });
        Assert.Equal(CommandLineText.MaxNameLength, name.Length);
        Assert.EndsWith("...", name);
    }

    [Fact]
    public void Proc_stat_lines_parse_whatever_the_process_name()
    {
        // comm may hold spaces and parentheses: fields are counted from the last ')'.
        var line = "4242 (a) b (c) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 1000 30 20 0 1 0 123 4096 77 184467 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        var stat = ProcStat.Parse(line);
        Assert.Equal(new ProcStat('S', 17, 300, 1030, 77), stat);
        Assert.Null(ProcStat.Parse("garbage"));
    }
}

using System.CommandLine;
using Ballast.Cli;

LatencyRuntime.Apply(args);

var root = new RootCommand("Ballast: engine, node and risk simulator for leverage-and-insurance protocols on Bittensor subnets")
{
    ExecCommand.Build(),
    TypesCommand.Build(),
    NodeCommand.Build(),
    LoadCommand.Build(),
    BotCommands.Keeper(),
    BotCommands.Feed(),
    SimulateCommand.Build(),
    CalibrateCommand.Build(),
    SweepCommand.Build(),
    CapitalCommand.Build(),
    CoverCommand.Build(),
    ShardCommands.Merge(),
    ShardCommands.Status(),
};
return root.Parse(args).Invoke();

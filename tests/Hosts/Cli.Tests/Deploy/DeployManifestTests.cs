using System.CommandLine;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Ballast.Simulation.Sharding;
using YamlDotNet.RepresentationModel;

namespace Ballast.Cli.Tests.Deploy;

/// <summary>
/// deploy/: the Kubernetes manifests parse (YamlDotNet) and hold what the sharded run needs — an Indexed Job whose
/// completions equal the shard count, whose every index's arguments the real CLI parses to that shard, a merge Job
/// over the same results, volumes that exist — the Slurm scripts are valid bash and submit an array of one task per
/// shard with an afterok merge (checked against a stand-in sbatch), and the Dockerfile copies only what exists. (No
/// container engine or cluster runs here: deploy/slurm/ci-test.sh runs the Slurm path for real in .ci/run.)
/// </summary>
public class DeployManifestTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ballast.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "deploy", "k8s", file))));
        stream.Documents.Count.ShouldBe(1, file);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            var map = node.ShouldBeOfType<YamlMappingNode>($"{key}: expected a mapping");
            map.Children.ContainsKey(key).ShouldBeTrue($"missing field {key}");
            node = map.Children[key];
        }
        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static Dictionary<string, string> Env(YamlMappingNode container) =>
        ((YamlSequenceNode)At(container, "env")).Children.Cast<YamlMappingNode>()
            .Where(e => e.Children.ContainsKey("value"))
            .ToDictionary(e => Text(e, "name"), e => Text(e, "value"));

    private static string[] Args(YamlMappingNode container, IReadOnlyDictionary<string, string> env) =>
        [.. ((YamlSequenceNode)At(container, "args")).Children.Select(a => Regex.Replace(((YamlScalarNode)a).Value!, @"\$\(([A-Z_]+)\)", m => env[m.Groups[1].Value]))];

    /// <summary>The CLI's own commands, as Program.cs builds them.</summary>
    private static RootCommand Cli() => new() { SimulateCommand.Build(), SweepCommand.Build(), ShardCommands.Merge(), ShardCommands.Status() };

    private static void CheckPodSpec(YamlNode job, string file)
    {
        var pod = At(job, "spec", "template", "spec");
        Text(pod, "restartPolicy").ShouldBe("Never", file);
        var volumes = ((YamlSequenceNode)At(pod, "volumes")).Children.Select(v => Text(v, "name")).ToList();
        var containers = ((YamlSequenceNode)At(pod, "containers")).Children.ToList();
        if (((YamlMappingNode)pod).Children.ContainsKey("initContainers")) containers.AddRange(((YamlSequenceNode)At(pod, "initContainers")).Children);
        foreach (var c in containers)
        {
            Text(c, "image").ShouldBe("ballast:latest", file);
            foreach (var mount in ((YamlSequenceNode)At(c, "volumeMounts")).Children) volumes.ShouldContain(Text(mount, "name"), file);
        }
        foreach (var v in ((YamlSequenceNode)At(pod, "volumes")).Children)
            Text(v, "persistentVolumeClaim", "claimName").ShouldBe(Text(Load("results-volume.yaml"), "metadata", "name"));
    }

    [Fact]
    public void The_indexed_job_runs_one_shard_per_completion_index_and_the_cli_parses_every_index()
    {
        var job = Load("shards-job.yaml");
        (Text(job, "apiVersion"), Text(job, "kind")).ShouldBe(("batch/v1", "Job"));
        Text(job, "spec", "completionMode").ShouldBe("Indexed");
        int completions = int.Parse(Text(job, "spec", "completions"));
        Text(job, "spec", "parallelism").ShouldBe(completions.ToString());
        CheckPodSpec(job, "shards-job.yaml");
        var container = (YamlMappingNode)((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single();
        var env = Env(container);
        int.Parse(env["SHARDS"]).ShouldBe(completions);
        // The shard index comes from the completion index annotation.
        var index = ((YamlSequenceNode)At(container, "env")).Children.Single(e => Text(e, "name") == "SHARD_INDEX");
        Text(index, "valueFrom", "fieldRef", "fieldPath").ShouldBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        File.Exists(Path.Combine(Root, "scenarios", Path.GetFileName(env["SCENARIO"]))).ShouldBeTrue("the image copies scenarios/ to /opt/ballast/scenarios");
        for (int i = 0; i < completions; i++)
        {
            var args = Args(container, new Dictionary<string, string>(env) { ["SHARD_INDEX"] = i.ToString() });
            var parse = Cli().Parse(args);
            parse.Errors.ShouldBeEmpty(string.Join(" ", args));
            Shard.TryParse(parse.GetValue<string?>("--shard"), out var shard, out var error).ShouldBeTrue(error);
            shard.ShouldBe(new Shard(i, completions));
            parse.GetValue<string?>("--results").ShouldBe(env["RESULTS"]);
        }
    }

    [Fact]
    public void The_merge_job_reads_the_shards_results_and_waits_for_them()
    {
        var shards = Env((YamlMappingNode)((YamlSequenceNode)At(Load("shards-job.yaml"), "spec", "template", "spec", "containers")).Children.Single());
        var job = Load("merge-job.yaml");
        Text(job, "kind").ShouldBe("Job");
        CheckPodSpec(job, "merge-job.yaml");
        var container = (YamlMappingNode)((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children.Single();
        var env = Env(container);
        env["RESULTS"].ShouldBe(shards["RESULTS"]);
        var args = Args(container, env);
        args[0].ShouldBe("merge");
        Cli().Parse(args).Errors.ShouldBeEmpty();
        var wait = (YamlMappingNode)((YamlSequenceNode)At(job, "spec", "template", "spec", "initContainers")).Children.Single();
        Env(wait)["RESULTS"].ShouldBe(shards["RESULTS"]);
        string.Join(" ", ((YamlSequenceNode)At(wait, "command")).Children).ShouldContain("until ballast status \"$RESULTS\"");
        // Every shard's pod mounts the volume at once.
        ((YamlSequenceNode)At(Load("results-volume.yaml"), "spec", "accessModes")).Children.Select(m => ((YamlScalarNode)m).Value).ShouldBe(["ReadWriteMany"]);
    }

    [Fact]
    public void The_dockerfile_copies_paths_that_exist_and_publishes_the_cli()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "deploy", "Dockerfile"));
        var copies = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)).ToList();
        copies.ShouldNotBeEmpty();
        foreach (var copy in copies)
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
                Path.Exists(Path.Combine(Root, source)).ShouldBeTrue($"{copy}: {source} is not in the repository");
        var publish = lines.Single(l => l.Contains("dotnet publish", StringComparison.Ordinal));
        File.Exists(Path.Combine(Root, Regex.Match(publish, @"dotnet publish (\S+)").Groups[1].Value)).ShouldBeTrue(publish);
        lines.ShouldContain("ENTRYPOINT [\"ballast\"]");
    }

    [Fact]
    public void The_slurm_scripts_are_valid_bash_and_submit_an_array_of_shards_then_an_afterok_merge()
    {
        var slurm = Path.Combine(Root, "deploy", "slurm");
        foreach (var script in new[] { "shard.sbatch", "merge.sbatch", "submit.sh", "ci-test.sh", Path.Combine("..", "k8s", "run.sh") })
            Bash($"bash -n '{Path.Combine(slurm, script)}'").Code.ShouldBe(0, script);

        // A stand-in sbatch records its arguments and the exported parameters, and answers with a job id.
        var bin = Directory.CreateTempSubdirectory("ballast-fake-sbatch-").FullName;
        var log = Path.Combine(bin, "calls.log");
        File.WriteAllText(Path.Combine(bin, "sbatch"), $$"""
            #!/bin/bash
            n=$(( $(cat '{{log}}' 2>/dev/null | grep -c '^call') + 1 ))
            echo "call $n: $* | KIND=$KIND SCENARIO=$SCENARIO SHARDS=$SHARDS PATHS=$PATHS RESULTS=$RESULTS OUT=$OUT BALLAST_ARGS=$BALLAST_ARGS" >> '{{log}}'
            echo "$((100 + n))"
            """.Replace("\r", ""));
        Executable(Path.Combine(bin, "sbatch"));
        var (code, output) = Bash($"PATH='{bin}':$PATH '{Path.Combine(slurm, "submit.sh")}' --kind sweep --scenario scenarios/lih-tao-gap.yaml --shards 4 --paths 100 "
            + "--results /shared/shards --out /shared/merged -- --optimise lpYield --max-ruin 0.01");
        code.ShouldBe(0, output);
        var calls = File.ReadAllLines(log);
        calls.Length.ShouldBe(2);
        calls[0].ShouldContain("--array=0-3");
        calls[0].ShouldContain("shard.sbatch");
        calls[0].ShouldContain("KIND=sweep SCENARIO=scenarios/lih-tao-gap.yaml SHARDS=4 PATHS=100 RESULTS=/shared/shards OUT=/shared/merged BALLAST_ARGS=--optimise lpYield --max-ruin 0.01");
        calls[1].ShouldContain("--dependency=afterok:101");
        calls[1].ShouldContain("merge.sbatch");
        output.ShouldContain("array job 101: 4 shard(s) of sweep scenarios/lih-tao-gap.yaml");

        (code, output) = Bash($"PATH='{bin}':$PATH '{Path.Combine(slurm, "submit.sh")}' --kind sweep --scenario s.yaml --shards 0 --results r --out o");
        code.ShouldBe(2);
        output.ShouldContain("--shards must be a positive number");

        // The array task's command line, with sbatch's environment, is one the CLI parses to that shard.
        var fakeBallast = Path.Combine(bin, "echo-args");
        File.WriteAllText(fakeBallast, "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
        Executable(fakeBallast);
        (code, output) = Bash($"SLURM_ARRAY_TASK_ID=2 KIND=sweep SCENARIO=s.yaml SHARDS=4 PATHS=8 RESULTS=/r BALLAST='{fakeBallast}' BALLAST_ARGS='--optimise lpYield' '{Path.Combine(slurm, "shard.sbatch")}'");
        code.ShouldBe(0, output);
        var args = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parse = Cli().Parse(args);
        parse.Errors.ShouldBeEmpty(output);
        parse.GetValue<string?>("--shard").ShouldBe("2/4");
        parse.GetValue<string?>("--optimise").ShouldBe("lpYield");
    }

    private static void Executable(string file) => Bash($"chmod 755 '{file}'").Code.ShouldBe(0);

    private static (int Code, string Output) Bash(string command)
    {
        var info = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

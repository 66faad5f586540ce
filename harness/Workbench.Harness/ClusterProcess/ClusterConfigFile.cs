using Workbench.Cluster.Topology;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;

namespace Workbench.Harness.ClusterProcess;

/// <summary>Loads a cluster YAML for the process verbs: any problem is a <see cref="UsageException"/> (one line per problem, exit 2); the topology must be tcp.</summary>
internal static class ClusterConfigFile
{
    public static ClusterConfig LoadTcp(string? path, string verb)
    {
        if (path is null) throw new UsageException($"{verb} needs the cluster config FILE (e.g. harness/clusters/local3.yaml)");
        ClusterConfig config;
        try
        {
            config = new ClusterConfigLoader(EngineCatalog.Create()).LoadFile(path);
        }
        catch (ClusterConfigException e)
        {
            throw new UsageException(e.Message);
        }
        if (config.Topology != "tcp") throw new UsageException($"{path}: topology is '{config.Topology}'; {verb} runs processes of a 'topology: tcp' cluster");
        return config;
    }

    public static NodeConfig Node(ClusterConfig config, string? idText, string path)
    {
        if (idText is null) throw new UsageException("--id N is required (a node id of the config)");
        if (!ulong.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id == 0)
            throw new UsageException($"--id must be a positive integer, got '{idText}'");
        return config.Nodes.FirstOrDefault(n => n.Id == id)
            ?? throw new UsageException($"{path} has no node with id {id} (ids: {string.Join(", ", config.Nodes.Select(n => n.Id))})");
    }
}

namespace Workbench.Cluster.Topology;

/// <summary>A cluster config that cannot be used; the message has one line per problem, each naming file, line and key.</summary>
public sealed class ClusterConfigException(string message) : Exception(message);

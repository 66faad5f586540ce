namespace Workbench.Harness.Ycsb;

/// <summary>
/// Device bytes written outside this process during a phase (a tcp cluster's PD, node and SQL
/// server processes): <see cref="Begin"/> just before the phase's first operation, <see cref="End"/>
/// after its last. Called from the thread that runs the phase.
/// </summary>
internal interface IExternalDeviceBytes
{
    void Begin();

    ExternalDeviceReading End();
}

namespace Workbench.Jepsen.Runs;

/// <summary>
/// The system under test could not be set up (a process of the tcp cluster exited or never became
/// ready): not a verdict and not a bug of the caller — the message names the role, what it waited
/// for and where its log is, so the CLI prints it as one line.
/// </summary>
public sealed class JepsenSetupException(string message) : Exception(message);

using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Httpx.Tests;

/// <summary>
/// The engine's tests run on the .NET they were built for: .NET 10 from the README's command, .NET 8 (the runtime of
/// PowerShell 7.4) from .ci/run-net8. A test host rolled forward to a newer runtime would make the .NET 8 run test
/// .NET 10's HTTP stack again, and pass.
/// </summary>
public class TestRuntimeTests
{
    [Fact]
    public void The_tests_run_on_the_NET_version_they_were_built_for()
    {
        var builtFor = new FrameworkName(typeof(TestRuntimeTests).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName).Version;
        Assert.True(Environment.Version.Major == builtFor.Major && Environment.Version.Minor == builtFor.Minor,
            $"Built for .NET {builtFor}, running on {RuntimeInformation.FrameworkDescription}");
    }
}

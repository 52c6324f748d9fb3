using System.Management.Automation;
using System.Runtime.ExceptionServices;

namespace Httpx.PowerShell;

/// <summary>
/// A response body (New-HttpxResponse -Stream, a mock's Stream key) whose stream is an instance of a PowerShell class,
/// read on the pipeline thread. Such a class (a test's endless or failing body: PowerShell has no generators) runs its
/// methods as script, in the runspace that defined it, whatever thread calls them; the engine reads bodies on the thread
/// pool, so two requests of a -ThrottleLimit read it at once, or while a mock handler runs, and the runspace broke
/// ("Unable to cast ... FunctionMemberAst", "Stream does not support reading", half-written downloads). An Httpx
/// exception the class throws (a simulated ReadTimeoutException) is that error, as a handler's is, not one wrapped by
/// PowerShell (Httpx.UnexpectedError); any other failure is the user's script's (Httpx.ScriptBlockError).
/// </summary>
internal sealed class PowerShellClassStream : ReadOnlyStream
{
    private readonly Stream _inner;

    private PowerShellClassStream(Stream inner) => _inner = inner;

    /// <summary>The stream as the engine should read it: wrapped when its class, or a base class of it, is PowerShell's.</summary>
    public static Stream Of(Stream stream) => IsPowerShellClass(stream.GetType()) ? new PowerShellClassStream(stream) : stream;

    // PowerShell compiles class definitions into a dynamic assembly ("PowerShell Class Assembly"); .NET's own streams,
    // and Add-Type's compiled ones, are in assemblies on disk or in memory, not dynamic.
    private static bool IsPowerShellClass(Type? type)
    {
        for (; type is not null && type != typeof(Stream); type = type.BaseType)
            if (type.Assembly.IsDynamic) return true;
        return false;
    }

    public override int Read(byte[] buffer, int offset, int count) => OnPipelineThread(() => _inner.Read(buffer, offset, count)).GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var copy = new byte[buffer.Length];
        var n = Read(copy, 0, copy.Length);
        copy.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        OnPipelineThread(() => _inner.Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var array))
            return new ValueTask<int>(ReadAsync(array.Array!, array.Offset, array.Count, cancellationToken));
        return new ValueTask<int>(Read(buffer.Span));
    }

    /// <summary>
    /// The class's method on the pipeline thread of the command reading the body (at once when on it, or outside a
    /// command: a script's own <c>$response.Read()</c>), its failure as the user's.
    /// </summary>
    private static Task<T> OnPipelineThread<T>(Func<T> method) =>
        PipelineDispatcher.Current is { IsPipelineThread: false } dispatcher
            ? dispatcher.InvokeAsync(() => Call(method))
            : Task.FromResult(Call(method));

    private static T Call<T>(Func<T> method)
    {
        try
        {
            return method();
        }
        catch (Exception e) when (e is not HttpxException and not PipelineStoppedException)
        {
            ExceptionDispatchInfo.Capture(UserScriptBlock.MethodFailure(e)).Throw();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        // A class may override Dispose: script too. Off the pipeline thread the close is queued, not waited for: the
        // engine may close a body from a thread that the pipeline thread waits for, and a stopped command runs no more work.
        if (disposing)
        {
            if (PipelineDispatcher.Current is { IsPipelineThread: false } dispatcher) _ = dispatcher.InvokeAsync(() => { _inner.Dispose(); return 0; });
            else _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
